"""Why a boundary file cannot be used as it is (`geo/boundaries.py`): each names the file and what to do. Raised
through `pipelines.present.messages.said`, shown through `message(exc, lang)`."""

LABELS: dict[str, tuple[str, str]] = {
    "bnd_not_found": ("{label}: berkas tidak ditemukan", "{label}: file not found"),
    "bnd_cannot_open": ("{label}: berkas tidak dapat dibuka: {detail}", "{label}: the file cannot be opened: {detail}"),
    "bnd_cannot_read": ("{label}: berkas tidak dapat dibaca: {detail}", "{label}: the file cannot be read: {detail}"),
    "bnd_cannot_read_parquet": ("{label}: GeoParquet tidak dapat dibaca: {detail}",
                                "{label}: the GeoParquet file cannot be read: {detail}"),
    "bnd_layer_not_found": ("{label}: lapisan '{layer}' tidak ada; lapisan yang ada: {names}",
                            "{label}: layer '{layer}' not found; layers in the file: {names}"),
    "bnd_several_layers": ("{label}: berkas berisi beberapa lapisan, pilih salah satu dengan {option}: {names}",
                           "{label}: the file holds several layers, choose one with {option}: {names}"),
    "bnd_bad_zip": ("{label}: bukan arsip zip yang utuh", "{label}: not a valid zip archive"),
    "bnd_zip_empty": ("{label}: arsip zip tidak berisi .shp/.geojson/.gpkg; isi: {contents}",
                      "{label}: the zip holds no .shp/.geojson/.gpkg; contents: {contents}"),
    "bnd_zip_several": ("{label}: arsip zip berisi beberapa berkas batas, pilih dengan {option}: {names}",
                        "{label}: the zip holds several boundary files, choose one with {option}: {names}"),
    "bnd_shp_incomplete_member": ("{label}: shapefile {member} tidak lengkap, tidak ada {missing}",
                                  "{label}: shapefile {member} is incomplete, {missing} is missing"),
    "bnd_shp_incomplete": ("{label}: shapefile tidak lengkap, tidak ada {missing}",
                           "{label}: the shapefile is incomplete, {missing} is missing"),
    "bnd_no_code_column": (
        "{label}: kolom kode desa/kelurahan tidak ditemukan; kolom yang ada: {columns}. Sebutkan dengan {option}",
        "{label}: no village code column found; columns: {columns}. Name it with {option}",
    ),
    "bnd_no_features": ("{label}: berkas tidak berisi fitur", "{label}: the file has no features"),
    "bnd_no_geometry": ("{label}: berkas tidak berisi geometri", "{label}: the file has no geometry column"),
    "bnd_code_column_missing": ("{label}: kolom kode '{column}' tidak ada; kolom yang ada: {columns}",
                                "{label}: code column '{column}' not found; columns: {columns}"),
    "bnd_name_column_missing": ("{label}: kolom nama '{column}' tidak ada; kolom yang ada: {columns}",
                                "{label}: name column '{column}' not found; columns: {columns}"),
    "bnd_no_crs": (
        "{label}: berkas tidak punya sistem koordinat (CRS; shapefile tanpa .prj?); sebutkan dengan {option}, atau "
        "EPSG:32748 untuk UTM 48S",
        "{label}: the file has no coordinate reference system (CRS; a shapefile without .prj?); state it with "
        "{option}, or EPSG:32748 for UTM 48S",
    ),
    "bnd_not_degrees": (
        "{label}: koordinat {bounds} bukan derajat, padahal CRS {crs} adalah lon/lat; CRS berkas salah?",
        "{label}: coordinates {bounds} are not degrees although CRS {crs} is lon/lat; is the file's CRS wrong?",
    ),
    "bnd_swapped": (
        "{label}: koordinat tampak tertukar, lintang di tempat bujur; tukar urutan [lat, lon] menjadi [lon, lat]",
        "{label}: coordinates look swapped, latitude stored as x and longitude as y; swap [lat, lon] to [lon, lat]",
    ),
    "bnd_no_polygons": ("{label}: berkas berisi {kinds}, bukan poligon", "{label}: the file holds {kinds}, no polygons"),
    "bnd_geom_points": ("titik", "points"),
    "bnd_geom_lines": ("garis", "lines"),
    "bnd_geom_rings": ("cincin", "rings"),
    "bnd_geom_collections": ("koleksi", "collections"),
    "bnd_no_kemendagri_codes": (
        "{label}: kolom '{column}' tidak berisi kode Kemendagri PP.KK.CC.DDDD, contoh: {examples}.{hint}",
        "{label}: column '{column}' holds no Kemendagri village codes PP.KK.CC.DDDD, examples: {examples}.{hint}",
    ),
    "bnd_examples_empty": ("kosong", "empty"),
    "bnd_hint_kecamatan": (" Isinya kode kecamatan: ini tampaknya lapisan kecamatan.",
                           " The values are kecamatan codes: this looks like a kecamatan layer."),
    "bnd_hint_bps": (" Isinya 10 digit dengan bagian desa diawali 0: tampaknya kode BPS, perlu tabel padanan.",
                     " The values have 10 digits with a village part starting with 0: they look like BPS codes; a "
                     "BPS-Kemendagri crosswalk is needed."),
    "bnd_duplicate_codes": (
        "{label}: {n} kode desa/kelurahan dipakai oleh dua fitur yang berbeda: {listing}; perbaiki kode salah "
        "satunya (atau hapus fitur yang salah) di aplikasi GIS, lalu impor ulang",
        "{label}: {n} village codes are used by two different features: {listing}; fix the code of one of them (or "
        "delete the wrong feature) in a GIS application, then import again",
    ),
    "bnd_no_usable": ("{label}: tidak ada desa/kelurahan yang dapat dipakai dari {n} fitur: {details}",
                      "{label}: no usable village polygon among {n} features: {details}"),
    "bnd_and_more": (", … dan {n} lainnya", ", … and {n} more"),
}
