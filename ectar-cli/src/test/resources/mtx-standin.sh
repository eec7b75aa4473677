#!/bin/sh
# A stand-in for mtx(1), for tests: "mtx -f DIR status|load SLOT DRIVE|unload SLOT DRIVE" over a directory of
# SIMH images. DIR/slot-NNN.tap are the cartridges, DIR/slot-NNN.barcode their volume tags, DIR/slots the
# number of slots, DIR/drives the drive image paths (line i = drive i), DIR/drive-N.from the slot drive N was
# loaded from, DIR/slot-NNN.jammed makes loading that slot fail. Output and messages follow mtx 1.3.12.
set -eu
[ "${1:-}" = "-f" ] || { echo "Usage: mtx -f DEVICE COMMAND" >&2; exit 1; }
dir=$2
cmd=$3
drive_path() { sed -n "$(( $1 + 1 ))p" "$dir/drives"; }
ndrives=$(wc -l < "$dir/drives")
nslots=$(cat "$dir/slots")
case $cmd in
status)
    echo "  Storage Changer $dir:$ndrives Drives, $nslots Slots ( 0 Import/Export )"
    i=0
    while [ "$i" -lt "$ndrives" ]; do
        p=$(drive_path "$i")
        if [ -e "$p" ]; then
            from=$(cat "$dir/drive-$i.from")
            tag=$(cat "$dir/slot-$(printf %03d "$from").barcode" 2>/dev/null || true)
            echo "Data Transfer Element $i:Full (Storage Element $from Loaded):VolumeTag = $tag"
        else
            echo "Data Transfer Element $i:Empty"
        fi
        i=$((i + 1))
    done
    s=1
    while [ "$s" -le "$nslots" ]; do
        n=$(printf %03d "$s")
        if [ -e "$dir/slot-$n.tap" ]; then
            echo "      Storage Element $s:Full :VolumeTag=$(cat "$dir/slot-$n.barcode" 2>/dev/null || true)"
        else
            echo "      Storage Element $s:Empty"
        fi
        s=$((s + 1))
    done
    ;;
load)
    n=$(printf %03d "$4")
    p=$(drive_path "$5")
    [ -e "$dir/slot-$n.tap" ] || { echo "mtx: Source Element Address $4 is Empty" >&2; exit 1; }
    [ ! -e "$p" ] || { echo "mtx: Drive $5 Full" >&2; exit 1; }
    [ ! -e "$dir/slot-$n.jammed" ] || { echo "MOVE MEDIUM from Element Address $4 to $5 Failed" >&2; exit 1; }
    mv "$dir/slot-$n.tap" "$p"
    echo "$4" > "$dir/drive-$5.from"
    echo "Loading media from Storage Element $4 into drive $5...done"
    ;;
unload)
    n=$(printf %03d "$4")
    p=$(drive_path "$5")
    [ -e "$p" ] || { echo "mtx: Data Transfer Element $5 is Empty" >&2; exit 1; }
    [ ! -e "$dir/slot-$n.tap" ] || { echo "mtx: Storage Element $4 is Full" >&2; exit 1; }
    mv "$p" "$dir/slot-$n.tap"
    rm -f "$dir/drive-$5.from"
    echo "Unloading drive $5 into Storage Element $4...done"
    ;;
*)
    echo "mtx: unknown command $cmd" >&2
    exit 1
    ;;
esac
