#!/bin/sh
# Makes the LibreOffice fixtures of this folder from the CSV sources in sumber/, with LibreOffice's own
# defaults for saving (no filter options on export). Run from this folder: sh make.sh
# Import options (the only ones given): CSV:44,34,76,1,<column types>,1057
#   44 = comma, 34 = double quote, 76 = UTF-8, 1 = from line 1, 1057 = language Indonesian (id-ID:
#   dd/mm/yyyy dates become date cells, 1.500.000 a number, as on a clerk's machine in Indonesia);
#   column types "2/2" (ttl, tanpa-jk) or "1/2" (kolom) = the NIK column as Text; empty = every column
#   Standard, so the NIK becomes a number cell, as when a clerk types it into an unformatted column.
set -e
PROFILE="file:///tmp/jamsos-lo-fixtures-profile"
conv() { # source, column types, output name
    for fmt in xlsx ods; do
        cp "sumber/$1" "$3.csv"
        soffice -env:UserInstallation="$PROFILE" --headless --infilter="CSV:44,34,76,1,$2,1057" \
            --convert-to "$fmt" "$3.csv" >/dev/null
        rm "$3.csv"
    done
}
conv pekerja-ttl.csv 2/2 pekerja-ttl-nik-teks
conv pekerja-ttl.csv "" pekerja-ttl-nik-angka
conv pekerja-kolom.csv 1/2 pekerja-kolom-nik-teks
conv pekerja-kolom.csv "" pekerja-kolom-nik-angka
conv tanpa-jk.csv 2/2 tanpa-jk
