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

# Publikasi Aksi 7 (PDF)
LABELS.update({
    "aksi7_title": ("Publikasi Data Stunting per Desa/Kelurahan (Aksi 7)",
                    "Published stunting data per desa/kelurahan (Aksi 7)"),
    "aksi7_subtitle": ("Hasil pengukuran balita (e-PPGBM), {period}", "Child measurements (e-PPGBM), {period}"),
    "aksi7_intro": (
        "Tabel ini mempublikasikan prevalensi stunting balita (tinggi/panjang badan menurut umur di bawah -2 SD, "
        "standar WHO 2006) di setiap kecamatan dan desa/kelurahan {kabupaten} pada {period}, sebagai bagian Aksi 7 "
        "Konvergensi Percepatan Penurunan Stunting.",
        "This table publishes the stunting prevalence of children under five (length/height-for-age below -2 SD, "
        "WHO 2006 standards) in every kecamatan and desa/kelurahan of {kabupaten} in {period}, as part of Aksi 7 "
        "of the stunting convergence actions.",
    ),
    "aksi7_map_title": ("Peta prevalensi stunting per desa/kelurahan, {period}",
                        "Stunting prevalence per desa/kelurahan, {period}"),
    "aksi7_kecamatan_title": ("Stunting per kecamatan", "Stunting per kecamatan"),
    "aksi7_desa_title": ("Stunting per desa/kelurahan", "Stunting per desa/kelurahan"),
    "aksi7_col_n": ("Balita diukur (n)", "Children measured (n)"),
    "aksi7_col_k": ("Balita stunting", "Stunted children"),
    "aksi7_col_rate": ("Prevalensi", "Prevalence"),
    "aksi7_col_note": ("Keterangan", "Note"),
    "aksi7_total": ("{kabupaten} (seluruh wilayah)", "{kabupaten} (whole area)"),
})

# Scorecard Konvergensi Desa
LABELS.update({
    "sc_title": ("Scorecard Konvergensi Desa", "Village convergence scorecard"),
    "sc_subtitle": ("Desa/Kelurahan {desa}, Kecamatan {kecamatan}", "Desa/kelurahan {desa}, Kecamatan {kecamatan}"),
    "sc_t1": ("1. Sasaran 1000 HPK", "1. 1000-HPK targets"),
    "sc_t2": ("2. Hasil pengukuran tinggi/panjang badan balita", "2. Child length/height measurement"),
    "sc_t3": ("3. Layanan yang diterima sasaran", "3. Services the targets received"),
    "sc_t4": ("4. Tingkat konvergensi desa", "4. Convergence level of the desa"),
    "sc_col_target": ("Sasaran", "Target"),
    "sc_col_count": ("Jumlah", "Number"),
    "sc_risk_kek_risti": ("di antaranya KEK/risiko tinggi", "of whom chronic energy deficiency/high risk"),
    "sc_risk_gizi": ("di antaranya gizi buruk/kurang/stunting", "of whom severely/moderately undernourished/stunted"),
    "sc_col_measured": ("Balita diukur", "Children measured"),
    "sc_green": ("Hijau (normal)", "Green (normal)"),
    "sc_yellow": ("Kuning (pendek)", "Yellow (stunted)"),
    "sc_red": ("Merah (sangat pendek)", "Red (severely stunted)"),
    "sc_t2_note": (
        "Menurut tinggi/panjang badan terhadap umur (standar WHO 2006): hijau ≥ -2 SD, kuning -3 sampai < -2 SD, "
        "merah < -3 SD. Kuning + merah = balita stunting.",
        "By length/height-for-age (WHO 2006 standards): green ≥ -2 SD, yellow -3 to < -2 SD, red < -3 SD. "
        "Yellow + red = stunted children.",
    ),
    "sc_col_service": ("Indikator layanan", "Service indicator"),
    "sc_col_should": ("Seharusnya menerima", "Should receive"),
    "sc_col_received": ("Menerima", "Received"),
    "sc_col_pct": ("Persentase", "Percentage"),
    "sc_col_group": ("Kelompok sasaran", "Target group"),
    "sc_col_received_services": ("Layanan diterima", "Services received"),
    "sc_col_should_services": ("Layanan seharusnya", "Services due"),
    "sc_col_level": ("Tingkat konvergensi", "Convergence level"),
    "sc_total": ("Seluruh sasaran", "All targets"),
    "sc_t4_note": (
        "Tingkat konvergensi = jumlah layanan yang diterima ÷ jumlah layanan yang seharusnya diterima sasaran.",
        "Convergence level = services received ÷ services the targets should have received.",
    ),
})

# Paket Aksi 1
LABELS.update({
    "a1_doc_title": ("Analisis Situasi Stunting (Aksi 1)", "Stunting situation analysis (Aksi 1)"),
    "a1_doc_subtitle": ("{kabupaten} · data {period}", "{kabupaten} · data of {period}"),
    "a1_method_short": (
        "Prevalensi = balita dengan TB/U < -2 SD (WHO 2006) ÷ balita diukur; lokus menurut skor kriteria tertimbang "
        "(lihat bagian Metode).",
        "Prevalence = children with HAZ < -2 (WHO 2006) ÷ children measured; lokus by a weighted criteria score "
        "(see the Method section).",
    ),
    "a1_h_summary": ("Ringkasan", "Summary"),
    "a1_summary": (
        "Pada {period}, {n} balita di {kabupaten} diukur; {k} di antaranya stunting ({rate}). Prevalensi tertinggi "
        "ada di Kecamatan {kecamatan}. {lokus} desa/kelurahan dipilih sebagai lokasi fokus, {manual} di antaranya "
        "karena perubahan manual yang disertai alasan.",
        "In {period}, {n} children in {kabupaten} were measured; {k} of them were stunted ({rate}). Prevalence is "
        "highest in Kecamatan {kecamatan}. {lokus} desa/kelurahan were chosen as focus locations, {manual} of them "
        "by a manual change with a reason.",
    ),
    "a1_sheet_coverage": ("Tabel 1.1 Cakupan", "Table 1.1 Coverage"),
    "a1_title_coverage": ("Tabel 1.1 Cakupan layanan intervensi per desa/kelurahan",
                          "Table 1.1 Coverage of interventions per desa/kelurahan"),
    "a1_coverage_note": (
        "Cakupan = sasaran yang menerima layanan ÷ sasaran yang seharusnya menerimanya (register 1000 HPK); "
        "cakupan penimbangan = balita diukur ÷ sasaran balita (bisa lebih dari 100 %).",
        "Coverage = targets who received the service ÷ targets who should have (1000-HPK registers); measurement "
        "coverage = children measured ÷ target children (may exceed 100 %).",
    ),
    "a1_col_coverage": ("Cakupan penimbangan", "Measurement coverage"),
    "a1_col_complete": ("Akses lengkap 1000 HPK", "Complete 1000-HPK access"),
    "a1_title_matrix": ("Tabel 1.2 Matriks prioritas desa/kelurahan lokasi fokus (traffic light)",
                        "Table 1.2 Priority matrix of focus desa/kelurahan (traffic light)"),
    "a1_sheet_lokus": ("Tabel 1.3 Lokus", "Table 1.3 Lokus"),
    "a1_title_lokus": ("Tabel 1.3 Daftar desa/kelurahan lokasi fokus dan alasannya",
                       "Table 1.3 Focus desa/kelurahan and the reasons"),
    "a1_col_number": ("No.", "No."),
    "a1_col_manual": ("Perubahan manual", "Manual change"),
    "a1_col_why": ("Alasan", "Reason"),
    "a1_reason_top": ("Peringkat {rank} menurut skor; kriteria terberat: {criteria}",
                      "Rank {rank} by score; heaviest criteria: {criteria}"),
    "a1_reason_manual": ("Perubahan manual: {reason}", "Manual change: {reason}"),
    "a1_lokus_note": (
        "Lokus = {n} desa/kelurahan dengan skor tertinggi, ditambah atau dikurangi perubahan manual yang masing-masing "
        "disertai alasan (kolom Perubahan manual = Ya).",
        "Lokus = the {n} desa/kelurahan with the highest scores, plus or minus manual changes, each with its reason "
        "(column Manual change = Yes).",
    ),
    "a1_saved": ("Pilihan tersimpan: \"{name}\" ({created}).", "Saved selection: \"{name}\" ({created})."),
    "a1_defaults": ("Belum ada pilihan tersimpan untuk periode ini: bobot dan N bawaan dipakai.",
                    "No saved selection for this period: the default weights and N are used."),
    "a1_sheet_kecamatan": ("Kecamatan", "Kecamatan"),
    "a1_title_kecamatan": ("Stunting per kecamatan", "Stunting per kecamatan"),
    "a1_title_fig_prevalence": ("Gambar 1.1 Prevalensi stunting per kecamatan dan hot spot",
                                "Figure 1.1 Stunting prevalence per kecamatan and hot spots"),
    "a1_fig_prevalence_caption": (
        "Warna: prevalensi stunting kecamatan menurut kelas WHO/UNICEF. Garis ungu berbintik: desa/kelurahan hot "
        "spot (Getis-Ord Gi*, p < 0,05), tempat desa berprevalensi tinggi berkumpul.",
        "Colour: kecamatan stunting prevalence in WHO/UNICEF classes. Dotted purple outline: desa/kelurahan hot "
        "spots (Getis-Ord Gi*, p < 0.05), where high-prevalence desa cluster.",
    ),
    "a1_legend_hotspot": ("Hot spot desa/kelurahan (Gi*, p < 0,05) ({n})", "Desa/kelurahan hot spot (Gi*, p < 0.05) ({n})"),
    "a1_title_fig_cases": ("Gambar 1.2 Jumlah kasus stunting per kecamatan", "Figure 1.2 Stunting cases per kecamatan"),
    "a1_fig_cases_caption": ("Angka di ujung batang: balita stunting / balita diukur.",
                             "Figures at the bar ends: stunted children / children measured."),
    "a1_cases_axis": ("Jumlah balita stunting", "Stunted children"),
    "a1_prevalence_axis": ("Prevalensi stunting (%), dengan IK 95 %", "Stunting prevalence (%), with 95 % CI"),
    "a1_title_fig_lokus": ("Gambar 1.3 Peta desa/kelurahan lokasi fokus", "Figure 1.3 Map of the focus desa/kelurahan"),
    "a1_fig_lokus": ("Desa/kelurahan lokasi fokus stunting", "Stunting focus desa/kelurahan"),
    "a1_fig_lokus_sub": ("Prevalensi stunting {period}; garis biru tebal = lokus", "Stunting prevalence {period}; thick blue outline = lokus"),
    "a1_legend_added": ("Ditambah manual (garis hijau putus-putus)", "Added by hand (dashed green)"),
    "a1_legend_removed": ("Dikeluarkan manual (garis oranye titik-titik)", "Removed by hand (dotted orange)"),
    "a1_h_method": ("Metode", "Method"),
    "a1_thresholds_intro": ("Warna matriks prioritas (Tabel 1.2) menurut ambang berikut:",
                            "The priority matrix colours (Table 1.2) follow these thresholds:"),
    "a1_threshold": ("{criterion}: merah mulai {red}, kuning mulai {yellow}, selain itu hijau.",
                     "{criterion}: red from {red}, yellow from {yellow}, otherwise green."),
    "a1_data_note": (
        "Data berasal dari ekspor e-PPGBM dan register layanan 1000 HPK kabupaten/kota; z-skor dihitung dengan "
        "standar pertumbuhan WHO 2006 seperti perangkat lunak WHO Anthro. Angka e-PPGBM biasanya lebih rendah "
        "daripada angka survei (SSGI/SKI) karena tidak semua balita ditimbang.",
        "Data come from the kabupaten/kota's e-PPGBM exports and 1000-HPK registers; z-scores follow the WHO 2006 "
        "growth standards as WHO Anthro computes them. e-PPGBM rates are usually lower than survey rates "
        "(SSGI/SKI) because not every child is weighed.",
    ),
    "svc_short_anc_4x": ("ANC ≥ 4 kali", "ANC ≥ 4 visits"),
    "svc_short_ttd_90": ("TTD 90 hari", "Iron tablets 90 days"),
    "svc_short_nifas_3x": ("Nifas ≥ 3 kali", "Postnatal ≥ 3 visits"),
    "svc_short_konseling_gizi_ibu": ("Konseling gizi ibu", "Nutrition counselling (mother)"),
    "svc_short_kunjungan_rumah_ibu": ("Kunjungan rumah ibu KEK", "Home visit (KEK mother)"),
    "svc_short_air_minum": ("Air minum layak", "Safe drinking water"),
    "svc_short_jamban": ("Jamban layak", "Improved latrine"),
    "svc_short_jkn": ("JKN", "Health insurance"),
    "svc_short_imunisasi_dasar": ("Imunisasi dasar lengkap", "Complete basic immunisation"),
    "svc_short_timbang_bulanan": ("Timbang bulanan", "Monthly weighing"),
    "svc_short_ukur_panjang_2x": ("Ukur panjang ≥ 2 kali", "Length measured ≥ 2×"),
    "svc_short_konseling_gizi_ortu": ("Konseling gizi orang tua", "Nutrition counselling (parents)"),
    "svc_short_kunjungan_rumah_anak": ("Kunjungan rumah anak", "Home visit (child)"),
    "svc_short_akta_lahir": ("Akta kelahiran", "Birth certificate"),
    "svc_short_kelas_parenting": ("Kelas parenting", "Parenting class"),
    "svc_short_paud": ("PAUD", "Early childhood education"),
})

# Slides for the panel (Mode Presentasi)
LABELS.update({
    "deck_title": ("Percepatan Penurunan Stunting", "Accelerating stunting reduction"),
    "deck_title_tpps": ("Tim Percepatan Penurunan Stunting (TPPS) {kabupaten}",
                        "Stunting reduction acceleration team (TPPS), {kabupaten}"),
    "deck_title_period": ("Data pengukuran {period} · disajikan {printed}", "Measurements of {period} · presented {printed}"),
    "deck_overview": ("Gambaran umum", "Overview"),
    "deck_overview_sub": ("Seluruh kabupaten/kota, {period}: angka dengan selang kepercayaan 95 %",
                          "Whole kabupaten/city, {period}: figures with 95 % confidence intervals"),
    "deck_ci_n": ("IK 95 % {ci} · {k} dari {n} {noun}", "95 % CI {ci} · {k} of {n} {noun}"),
    "deck_change_since": ("{change} dibanding {previous}", "{change} since {previous}"),
    "deck_ranking": ("Peringkat kecamatan", "Kecamatan ranking"),
    "deck_ranking_sub": ("Prevalensi stunting per kecamatan dengan selang kepercayaan 95 % (garis hitam)",
                         "Stunting prevalence per kecamatan with 95 % confidence intervals (black lines)"),
    "deck_bottlenecks": ("Hambatan layanan 1000 HPK", "1000-HPK service bottlenecks"),
    "deck_bottlenecks_sub": ("Layanan yang paling sering membuat sasaran tidak mendapat layanan lengkap",
                             "The services that most often keep targets from complete access"),
    "deck_blocked": ("{n} sasaran · cakupan {coverage}", "{n} targets · coverage {coverage}"),
    "deck_blocked_axis": ("Sasaran tanpa akses lengkap karena layanan ini", "Targets without complete access because of this service"),
    "deck_quality": ("Kualitas data", "Data quality"),
    "deck_quality_sub": ("Pemeriksaan WHO–UNICEF atas data pengukuran periode ini",
                         "WHO–UNICEF checks of this period's measurements"),
    "deck_q_implausible": ("Z-skor di luar batas WHO (tidak dipakai): {share} dari {n} pengukuran (di atas 1 % perlu diperiksa).",
                           "Z-scores beyond the WHO flags (excluded): {share} of {n} measurements (above 1 % needs checking)."),
    "deck_q_sd": ("Simpangan baku z-skor: TB/U {haz}, BB/U {waz}, BB/TB {whz} (survei DHS: {ranges}).",
                  "SD of z-scores: HAZ {haz}, WAZ {waz}, WHZ {whz} (DHS surveys: {ranges})."),
    "deck_q_position": ("Cara ukur (berdiri/terlentang) kosong: {share} pengukuran.",
                        "Measurement position missing: {share} of measurements."),
    "deck_q_coverage": ("Cakupan penimbangan: {share} dari sasaran balita.", "Measurement coverage: {share} of target children."),
    "deck_q_quarantine": ("Baris e-PPGBM yang ditolak saat impor: {n} dari {read}.",
                          "e-PPGBM rows refused at import: {n} of {read}."),
    "deck_q_note": ("Rincian per posyandu dan puskesmas: halaman Kualitas Data.",
                    "Details per posyandu and puskesmas: the Data quality page."),
    "deck_summary": ("Ringkasan", "Summary"),
    "deck_sum_rate": ("Prevalensi stunting {period}: {rate} (IK 95 % {ci}), {k} balita stunting dari {n} yang diukur.",
                      "Stunting prevalence {period}: {rate} (95 % CI {ci}), {k} stunted of {n} children measured."),
    "deck_sum_change": ("Dibanding {previous}: {change}.", "Compared with {previous}: {change}."),
    "deck_sum_kecamatan": ("Prevalensi tertinggi: Kecamatan {names}.", "Highest prevalence: Kecamatan {names}."),
    "deck_sum_lokus": ("{n} desa/kelurahan lokus: {names}.", "{n} lokus desa/kelurahan: {names}."),
    "deck_sum_bottleneck": ("Hambatan layanan utama: {service}.", "Main service bottleneck: {service}."),
    "deck_indicator_sub": ("{definition} · {overall}", "{definition} · {overall}"),
    "deck_indicators": ("Indikator", "Indicators"),
    "deck_controls_hint": (
        "Panah kiri/kanan: pindah slide · tombol apa saja atau gerakan tetikus: tampilkan kontrol",
        "Left/right arrows: change slide · any key or mouse movement: show the controls",
    ),
})
LABELS.update({
    "deck_source_line": ("Sumber: {source} · basis data {built} · dicetak {printed}",
                         "Source: {source} · database {built} · printed {printed}"),
    "deck_reason_prevalence": ("Prevalensi tertinggi ke-{rank}", "Highest prevalence no. {rank}"),
    "deck_reason_score": ("Peringkat {rank} menurut skor", "Rank {rank} by score"),
})

# Profil desa/kelurahan (PDF)
LABELS.update({
    "profile_pdf_title": ("Profil Desa/Kelurahan {name}", "Profile of desa/kelurahan {name}"),
    "profile_pdf_subtitle": ("Kecamatan {kecamatan} · kode {kode}", "Kecamatan {kecamatan} · code {kode}"),
    "profile_pdf_map": ("Peta sekitar: prevalensi stunting desa/kelurahan dan tetangganya",
                        "Neighbourhood: stunting prevalence of the desa/kelurahan and its neighbours"),
    "profile_pdf_service": ("Layanan: {name}", "Service: {name}"),
    "profile_pdf_kn": ("k / n", "k / n"),
    "profile_pdf_notes": (
        "IK 95 % = selang kepercayaan 95 % (Wilson). k / n = pembilang / penyebut. Peringkat 1 = nilai tertinggi di "
        "antara desa/kelurahan yang punya nilai. * = dihitung dari kurang dari {n} anak/sasaran: angka kurang stabil.",
        "95 % CI = 95 % confidence interval (Wilson). k / n = numerator / denominator. Rank 1 = highest value among "
        "desa/kelurahan with a value. * = based on fewer than {n} children/targets: unstable figure.",
    ),
})

# download buttons
LABELS.update({
    "dl_aksi1_pack": ("Unduh Paket Aksi 1 (DOCX + XLSX + peta, zip)", "Download the Aksi 1 pack (DOCX + XLSX + map, zip)"),
    "dl_aksi1_help": ("Laporan analisis situasi yang dapat disunting: Tabel 1.1–1.3, Gambar 1.1–1.3 dan metode, "
                      "dengan lokus dan alasan seperti di halaman ini.",
                      "Editable situation analysis report: Tables 1.1–1.3, Figures 1.1–1.3 and the method, with the "
                      "lokus and reasons as on this page."),
    "pub_dl_pdf": ("Unduh publikasi PDF (A4)", "Download the publication PDF (A4)"),
    "profile_documents": ("Dokumen", "Documents"),
    "dl_profile_pdf": ("Unduh profil (PDF)", "Download the profile (PDF)"),
    "dl_scorecard_pdf": ("Unduh scorecard desa ini (PDF)", "Download this desa's scorecard (PDF)"),
    "dl_scorecards_zip": ("Unduh scorecard semua desa (ZIP)", "Download every desa's scorecard (ZIP)"),
})
