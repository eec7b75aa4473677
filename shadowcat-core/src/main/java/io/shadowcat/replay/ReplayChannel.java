package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a {@link ReplaySession} sends the server messages of one client exchange: for stdio the one output
 * stream, for HTTP the response to the POST that carried the request (or the session's event stream).
 *
 * <p>Called from the thread that handed the client's message to the session, or, when recorded delays are
 * reproduced ({@code --speed}), from the session's pacing thread; calls for one session never overlap and
 * come in the tape's order. A channel must not call back into its session.
 */
@FunctionalInterface
public interface ReplayChannel {

    /**
     * Sends one server message.
     *
     * @param message the JSON-RPC message, parsed (an object, or an array answering a batch), for a channel
     *     to read what it is (a response, which ids it answers); not to be modified
     * @param text what to write on the wire: the message's text as the tape holds it ({@link
     *     io.shadowcat.tape.Frame#text()}) with only the response id or progress token written anew, or, for a
     *     message the replay made itself, its compact text. It may hold line breaks (a text recorded
     *     pretty-printed), between tokens only
     * @param recordedTransport the transport metadata of the frame the message was recorded in (as
     *     {@link io.shadowcat.tape.Frame#transport()}), or null: recorded without any (stdio), or made by
     *     the replay itself (an answer to an unrecorded ping, a -32010 error, a batch's answers)
     */
    void send(JsonNode message, String text, JsonNode recordedTransport);
}
