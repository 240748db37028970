#!/bin/sh
# Regenerates otb's MAC vendor table, cli/src/main/resources/otb/cli/mac-vendors.tsv, from the IEEE
# MA-L registry (24-bit OUIs assigned by the IEEE Registration Authority) as Wireshark ships it in
# its "manuf" file (Debian package libwireshark-data, /usr/share/wireshark/manuf), which
# Wireshark's tools/make-manuf.py builds from the IEEE's oui.csv (MA-L), mam.csv, oui36.csv and
# cid.csv. Only the MA-L rows are kept: OUI (6 hex digits, upper case), a tab, the organisation's
# name as registered. Run on purpose only, from the project root (the table is committed):
#
#   cli/oui/regenerate.sh [MANUF_FILE]
#
# The first lines of the output name the source and its date.
set -eu
manuf=${1:-/usr/share/wireshark/manuf}
out=cli/src/main/resources/otb/cli/mac-vendors.tsv
version=$(dpkg-query -W -f '${Package} ${Version}' libwireshark-data 2>/dev/null || echo "unknown package")
date=$(date -u -r "$manuf" +%Y-%m-%d)
{
    echo "# otb MAC vendor table: IEEE MA-L assignments (OUI -> organisation), one per line."
    echo "# Source: IEEE Registration Authority MA-L registry, as distributed in Wireshark's manuf file"
    echo "# ($manuf, $version, file date $date). Regenerate with cli/oui/regenerate.sh."
    # MA-L rows: "XX:XX:XX<TAB>short<TAB>long" (no /mask); the long name is the IEEE's, else the short one.
    grep -E '^[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}	' "$manuf" \
        | awk -F'\t' '{ oui = toupper($1); gsub(":", "", oui); name = (NF >= 3 && $3 != "") ? $3 : $2;
                        gsub(/[\t\r]/, " ", name); print oui "\t" name }' \
        | LC_ALL=C sort -u -k1,1
} > "$out"
echo "$out: $(grep -vc '^#' "$out") OUIs from $manuf ($version, $date)"
