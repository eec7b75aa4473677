/**
 * Asking a storage for tapes: {@link io.shadowcat.storage.query.TapeQuery} (listing filters and the order
 * every listing uses), {@link io.shadowcat.storage.query.SearchQuery} (the search syntax every provider
 * accepts, parsed here once) and what they return, {@link io.shadowcat.storage.query.Page} and
 * {@link io.shadowcat.storage.query.SearchHit}. API: users build these, providers answer them. The reference
 * meaning of a search for providers is {@code io.shadowcat.storage.support.TapeSearchMatcher}.
 */
package io.shadowcat.storage.query;
