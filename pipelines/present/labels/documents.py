"""Words of the documents the TPPS hands in: title blocks, report tables, Paket Aksi 1, Publikasi Aksi 7,
Scorecard Konvergensi Desa, Profil desa PDF and the panel slides (pipelines/outputs/)."""
LABELS: dict[str, tuple[str, str]] = {
    # title block
    "doc_kabupaten": ("Kabupaten/Kota", "Kabupaten/city"),
    "doc_period": ("Periode", "Period"),
    "doc_source": ("Sumber data", "Data source"),
    "doc_built": ("Tanggal data", "Data date"),
    "doc_built_value": ("basis data dibangun {built}; dicetak {printed}", "database built {built}; printed {printed}"),
    "doc_method": ("Metode", "Method"),
    "doc_footer": ("{kabupaten} · {period} · Sumber: {source} · basis data {built} · dicetak {printed}",
                   "{kabupaten} · {period} · Source: {source} · database {built} · printed {printed}"),
    "doc_source_unknown": ("tidak tercatat", "not recorded"),
    "doc_src_measurement": ("ekspor e-PPGBM", "e-PPGBM exports"),
    "doc_src_service": ("register layanan 1000 HPK", "1000-HPK service registers"),
    "doc_src_posyandu": ("daftar posyandu", "posyandu list"),
    "doc_src_sasaran": ("sasaran balita", "target children"),
    "doc_src_files": ("{what} ({n} berkas)", "{what} ({n} files)"),
    "doc_yes": ("Ya", "Yes"),
    "doc_no": ("Tidak", "No"),
    "doc_desa": ("Desa/Kelurahan", "Desa/kelurahan"),
    "doc_lokus": ("Lokus", "Lokus"),
    "doc_how": ("Dasar pemilihan", "How chosen"),
    "doc_change": ("Perubahan", "Change"),
    "doc_rank_by_score": ("Peringkat menurut skor", "Rank by score"),
    "doc_prevalence_eb": ("Prevalensi stunting (Bayes empiris)", "Stunting prevalence (empirical Bayes)"),
    "doc_hotspot_class": ("Hot spot / cold spot", "Hot spot / cold spot"),
    "doc_weight_share": ("Bagian bobot", "Share of the weights"),
    "col_ci_low_share": ("IK 95 % bawah", "95 % CI low"),
    "col_ci_high_share": ("IK 95 % atas", "95 % CI high"),
    # lokus tables
    "doc_sheet_rank": ("Peringkat", "Ranking"),
    "doc_sheet_matrix": ("Matriks prioritas", "Priority matrix"),
    "doc_sheet_method": ("Bobot dan metode", "Weights and method"),
    "doc_sheet_changes": ("Perubahan manual", "Manual changes"),
    "doc_title_rank": ("Peringkat desa/kelurahan menurut skor prioritas stunting",
                       "Desa/kelurahan ranked by stunting priority score"),
    "doc_title_matrix": ("Tabel 1.2 Matriks prioritas desa/kelurahan lokasi fokus (traffic light)",
                         "Table 1.2 Priority matrix of focus desa/kelurahan (traffic light)"),
    "doc_title_method": ("Bobot kriteria dan metode pemilihan lokus", "Criterion weights and lokus selection method"),
    "doc_title_changes": ("Perubahan manual daftar lokus dan alasannya", "Manual changes to the lokus list and why"),
    "doc_matrix_note": (
        "Warna sel: merah = perlu prioritas, kuning = waspada, hijau = baik, menurut ambang di lembar Bobot dan metode.",
        "Cell colour: red = priority, yellow = watch, green = good, by the thresholds on the Weights and method sheet.",
    ),
    "doc_no_changes": ("Tidak ada perubahan manual: daftar lokus = N desa/kelurahan dengan skor tertinggi.",
                       "No manual change: the lokus list is the N desa/kelurahan with the highest scores."),
    "doc_selection_name": ("Pilihan: {name} ({created})", "Selection: {name} ({created})"),
    "doc_method_period": ("Data periode {period}; tren dibandingkan dengan {compare}.",
                          "Data of {period}; trend compared with {compare}."),
    "doc_method_no_compare": ("tidak ada (tanpa tren)", "none (no trend)"),
    "doc_method_n": ("{n} desa/kelurahan dengan skor tertinggi menjadi lokus; setiap penambahan atau pengeluaran "
                     "manual disertai alasan.",
                     "The {n} desa/kelurahan with the highest scores become lokus; every manual addition or removal "
                     "carries a reason."),
    "doc_method_weights": ("Bobot kriteria (dipakai relatif satu sama lain): {weights}.",
                           "Criterion weights (relative to each other): {weights}."),
    "doc_method_score": (
        "Setiap kriteria diubah ke skala 0–1 (nilai terendah 0, tertinggi 1, di antara desa/kelurahan yang punya "
        "data). Skor = jumlah (bobot × nilai skala) ÷ jumlah bobot kriteria yang berdata; skor makin tinggi makin "
        "prioritas.",
        "Each criterion is rescaled to 0–1 (lowest 0, highest 1, among desa/kelurahan with data). Score = sum of "
        "(weight × rescaled value) ÷ sum of the weights of criteria with data; a higher score means more priority.",
    ),
    "doc_method_crude": ("Prevalensi dipakai apa adanya (jumlah balita stunting ÷ balita diukur).",
                         "Prevalence is used as measured (stunted children ÷ children measured)."),
    "doc_method_eb": (
        "Prevalensi dihaluskan dengan metode Bayes empiris (beta-binomial): angka desa/kelurahan dengan sedikit "
        "balita ditarik ke rata-rata {prior}, agar desa kecil tidak naik atau turun peringkat karena kebetulan.",
        "Prevalence is smoothed by empirical Bayes (beta-binomial): the rates of desa/kelurahan with few children "
        "are pulled towards the {prior} average, so that small desa do not rise or fall by chance.",
    ),
    "doc_method_hotspot": (
        "Hot spot: statistik Getis-Ord Gi* atas {input}; tetangga = desa/kelurahan yang berbagi batas atau titik "
        "sudut (queen), {permutations} permutasi acak (seed {seed}), hot spot bila p < {alpha}.",
        "Hot spots: Getis-Ord Gi* of {input}; neighbours = desa/kelurahan sharing a border or a corner (queen), "
        "{permutations} random permutations (seed {seed}), a hot spot when p < {alpha}.",
    ),
    # publication (Aksi 7)
    "doc_sheet_pub_desa": ("Desa-Kelurahan", "Desa-kelurahan"),
    "doc_sheet_pub_kecamatan": ("Kecamatan", "Kecamatan"),
    "doc_title_pub_desa": ("Publikasi data stunting per desa/kelurahan, {period}",
                           "Published stunting data per desa/kelurahan, {period}"),
    "doc_title_pub_kecamatan": ("Publikasi data stunting per kecamatan, {period}",
                                "Published stunting data per kecamatan, {period}"),
    "doc_col_n": ("{what}: jumlah {noun} (n)", "{what}: {noun} (n)"),
    "doc_col_k": ("{what}: jumlah kasus", "{what}: cases"),
    "doc_col_rate": ("{what}: persentase", "{what}: percentage"),
    "doc_col_ci_low": ("{what}: IK 95 % bawah", "{what}: 95 % CI low"),
    "doc_col_ci_high": ("{what}: IK 95 % atas", "{what}: 95 % CI high"),
    "doc_col_note": ("{what}: keterangan", "{what}: note"),
    "doc_suppressed_mark": ("n < {n}: tidak ditampilkan", "n < {n}: not shown"),
    "doc_suppression": (
        "Aturan angka kecil: bila sebuah angka dihitung dari kurang dari {n} anak atau sasaran, jumlah kasus, "
        "persentase dan selang kepercayaannya tidak ditampilkan (ditandai \"n < {n}\"), karena angka sekecil itu "
        "tidak stabil dan dapat mengungkap keadaan anak tertentu. Jumlah yang diukur tetap ditampilkan.",
        "Small-number rule: when a figure rests on fewer than {n} children or targets, its count of cases, "
        "percentage and confidence interval are not shown (marked \"n < {n}\"), because such small figures are "
        "unstable and could reveal individual children. The number measured is still shown.",
    ),
    "doc_ci_note": (
        "IK 95 % = selang kepercayaan 95 % (metode Wilson): rentang tempat angka sebenarnya kemungkinan besar berada.",
        "95 % CI = 95 % confidence interval (Wilson method): the range in which the true figure most likely lies.",
    ),
    "csv_format": ("Format CSV", "CSV format"),
    "csv_format_id": ("Excel Indonesia (; dan koma desimal)", "Indonesian Excel (; and decimal comma)"),
    "csv_format_en": ("Internasional (, dan titik desimal)", "International (, and decimal point)"),
}
