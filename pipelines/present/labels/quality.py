"""Words of the data-quality checks, grades, the Kualitas Data page, the Peta filter, the lokus acknowledgement
and the Laporan kualitas data (Aksi 6). Reason and advice texts take `{value}` already formatted by the caller
(pipelines.present.format), so the decimal comma follows the language."""
LABELS: dict[str, tuple[str, str]] = {
    # grades
    "qgrade_baik": ("Baik", "Good"),
    "qgrade_perhatian": ("Perlu perhatian", "Needs attention"),
    "qgrade_bermasalah": ("Bermasalah", "Problematic"),
    "qgrade_kurang_data": ("Data terlalu sedikit", "Too few data"),
    "smart_excellent": ("Sangat baik", "Excellent"),
    "smart_good": ("Baik", "Good"),
    "smart_acceptable": ("Dapat diterima", "Acceptable"),
    "smart_problematic": ("Bermasalah", "Problematic"),
    "qlevel_posyandu": ("Posyandu", "Posyandu"),
    "qlevel_puskesmas": ("Puskesmas", "Puskesmas"),
    "qlevel_kecamatan": ("Kecamatan", "Kecamatan"),
    "qlevel_kabupaten": ("Kabupaten/kota", "Kabupaten/kota"),
    # reasons (one per grade rule, pipelines/quality/standards.py)
    "qreason_sd_haz_high": ("SD TB/U {value}: kemungkinan kesalahan pengukuran panjang badan",
                            "SD of HAZ {value}: length/height probably measured wrongly"),
    "qreason_sd_whz_high": ("SD BB/TB {value}: kemungkinan kesalahan pengukuran berat atau panjang badan",
                            "SD of WHZ {value}: weight or length probably measured wrongly"),
    "qreason_sd_waz_high": ("SD BB/U {value}: kemungkinan kesalahan penimbangan atau tanggal lahir",
                            "SD of WAZ {value}: weighing or birth dates probably wrong"),
    "qreason_dps_height": ("Skor preferensi digit tinggi {value}: angka dibulatkan (banyak ,0 dan ,5)",
                           "Height digit preference score {value}: readings rounded (many .0 and .5)"),
    "qreason_dps_weight": ("Skor preferensi digit berat {value}: angka dibulatkan (banyak ,0 dan ,5)",
                           "Weight digit preference score {value}: readings rounded (many .0 and .5)"),
    "qreason_wrong_position": ("{value} anak diukur dengan posisi salah (berdiri pada 9–23 bulan atau terlentang pada "
                               "24–59 bulan)",
                               "{value} of children measured in the wrong position (standing at 9–23 months or lying at "
                               "24–59 months)"),
    "qreason_zeros": ("{value} pengukuran berisi 0 (atau 8888/9999) untuk \"tidak diukur\"",
                      "{value} of measurements hold 0 (or 8888/9999) for \"not measured\""),
    "qreason_smart_problematic": ("Skor plausibilitas SMART {value}: bermasalah (≥ 25)",
                                  "SMART plausibility score {value}: problematic (≥ 25)"),
    "qreason_who_flagged": ("{value} z-skor di luar batas WHO (wajar < 1 %)",
                            "{value} of z-scores outside the WHO flags (expected < 1 %)"),
    "qreason_export_mismatch": ("{value} status gizi e-PPGBM berbeda dari hitungan ulang WHO",
                                "{value} of e-PPGBM's nutritional status differ from the WHO recomputation"),
    "qreason_height_decrease": ("{value} kunjungan ulang: panjang/tinggi turun > 1 cm",
                                "{value} of repeat visits: length/height fell by > 1 cm"),
    "qreason_weight_drop": ("{value} kunjungan ulang: berat turun > 10 %",
                            "{value} of repeat visits: weight fell by > 10 %"),
    "qreason_birth_day_heaping": ("{value} tanggal lahir pada tanggal 1 atau 15 (wajar 6,6 %)",
                                  "{value} of birth dates on the 1st or 15th (expected 6.6 %)"),
    "qreason_over_59": ("{value} baris anak > 59 bulan masih ada di ekspor (ditolak impor)",
                        "{value} rows of children > 59 months still in the export (refused by the import)"),
    # what to do, per reason
    "qtodo_sd_haz_high": ("Latih ulang kader mengukur panjang/tinggi (2 orang, alat papan ukur, kepala menempel, "
                          "baca 0,1 cm); periksa alat ukur; ukur ulang sampel anak.",
                          "Retrain kader in length/height measurement (two people, length board, head against the "
                          "board, read to 0.1 cm); check the instrument; re-measure a sample of children."),
    "qtodo_sd_whz_high": ("Periksa timbangan (tera) dan papan ukur; latih ulang penimbangan dan pengukuran.",
                          "Check (calibrate) the scale and the length board; retrain weighing and measuring."),
    "qtodo_sd_waz_high": ("Periksa timbangan dan tanggal lahir di buku KIA; latih ulang penimbangan.",
                          "Check the scale and the birth dates in the KIA book; retrain weighing."),
    "qtodo_dps_height": ("Minta kader menulis angka apa adanya sampai 0,1 cm, tanpa membulatkan.",
                         "Ask kader to write the reading as it is, to 0.1 cm, without rounding."),
    "qtodo_dps_weight": ("Gunakan timbangan digital atau dacin dengan skala 0,1 kg; tulis apa adanya.",
                         "Use a digital scale or a dacin read to 0.1 kg; write the reading as it is."),
    "qtodo_wrong_position": ("Anak < 24 bulan diukur terlentang dengan infantometer; ≥ 24 bulan berdiri dengan "
                             "stadiometer; isi Cara Ukur sesuai posisi sebenarnya.",
                             "Children < 24 months lying on a length board; ≥ 24 months standing; enter the position "
                             "actually used."),
    "qtodo_zeros": ("Kosongkan sel bila tidak diukur; jangan isi 0, 8888 atau 9999 di e-PPGBM.",
                    "Leave the cell empty when not measured; never enter 0, 8888 or 9999 in e-PPGBM."),
    "qtodo_smart_problematic": ("Tinjau pemeriksaan satu per satu di bawah; perbaiki yang paling besar poinnya dulu.",
                                "Review the checks one by one below; fix the one with the most points first."),
    "qtodo_who_flagged": ("Periksa ulang baris dengan z-skor ekstrem (salah ketik, tertukar, tanggal lahir).",
                          "Re-check rows with extreme z-scores (typing errors, swapped values, birth dates)."),
    "qtodo_export_mismatch": ("Periksa tanggal lahir dan cara ukur di e-PPGBM; laporkan ke admin bila rumusnya berbeda.",
                              "Check birth dates and position in e-PPGBM; report to the admin if its formula differs."),
    "qtodo_height_decrease": ("Ukur ulang anak yang tingginya turun; periksa posisi dan alat ukur.",
                              "Re-measure children whose height fell; check the position and the instrument."),
    "qtodo_weight_drop": ("Kunjungi anak yang beratnya turun > 10 %: sakit? salah timbang?",
                          "Visit children whose weight fell > 10 %: ill? weighed wrongly?"),
    "qtodo_birth_day_heaping": ("Salin tanggal lahir dari akta atau buku KIA, bukan perkiraan.",
                                "Copy birth dates from the birth certificate or KIA book, not estimates."),
    "qtodo_over_59": ("Keluarkan anak ≥ 60 bulan dari daftar sasaran posyandu di e-PPGBM.",
                      "Remove children aged 60 months or more from the posyandu's list in e-PPGBM."),
    # standards and thresholds, per check (report and page)
    "qstd_completeness": ("Kelengkapan per variabel (WHO-UNICEF 2019)", "Completeness per variable (WHO-UNICEF 2019)"),
    "qstd_sex_ratio": ("Rasio jenis kelamin, uji χ² terhadap 1:1 (SMART: p > 0,1 sangat baik; ≤ 0,001 bermasalah)",
                       "Sex ratio, χ² test against 1:1 (SMART: p > 0.1 excellent; ≤ 0.001 problematic)"),
    "qstd_age_ratio": ("Rasio umur 6–29 : 30–59 bulan, harapan 0,85 (SMART, uji χ²)",
                       "Age ratio 6–29 : 30–59 months, expected 0.85 (SMART, χ² test)"),
    "qstd_digits": ("Preferensi digit terakhir berat dan tinggi (WHO-UNICEF 2019; SMART DPS < 8 sangat baik, ≥ 20 "
                    "bermasalah)",
                    "Last-digit preference of weight and height (WHO-UNICEF 2019; SMART DPS < 8 excellent, ≥ 20 "
                    "problematic)"),
    "qstd_flags": ("% z-skor di luar batas WHO (TB/U ±6, BB/U -6/+5, BB/TB ±5); > 1 % perlu diperiksa",
                   "% of z-scores outside the WHO flags (HAZ ±6, WAZ -6/+5, WHZ ±5); > 1 % needs checking"),
    "qstd_sd": ("SD z-skor dibanding rentang 51 survei DHS: TB/U 1,35–1,95; BB/U 1,17–1,46; BB/TB 1,08–1,50",
                "SD of z-scores against the range of 51 DHS surveys: HAZ 1.35–1.95; WAZ 1.17–1.46; WHZ 1.08–1.50"),
    "qstd_shape": ("Kemencengan dan keruncingan (WHO: |skew| > 0,5 atau kurtosis < 2 atau > 4 menandakan masalah; "
                   "normal = 3)",
                   "Skewness and kurtosis (WHO: |skew| > 0.5 or kurtosis < 2 or > 4 flags a problem; normal = 3)"),
    "qstd_smart": ("Skor plausibilitas SMART (BB/TB 6–59 bulan, minimal {n} anak): 0–9 sangat baik, 10–14 baik, "
                   "15–24 dapat diterima, ≥ 25 bermasalah; kurtosis berlebih (normal = 0)",
                   "SMART plausibility score (WHZ 6–59 months, at least {n} children): 0–9 excellent, 10–14 good, "
                   "15–24 acceptable, ≥ 25 problematic; excess kurtosis (normal = 0)"),
    "qstd_routine": ("Pemeriksaan rutin e-PPGBM: posisi ukur, tinggi turun > 1 cm, berat turun > 10 %, angka 0 "
                     "untuk tidak diukur, tanggal lahir 1/15, anak > 59 bulan, status e-PPGBM vs hitungan ulang",
                     "Routine e-PPGBM checks: position, height falling > 1 cm, weight dropping > 10 %, 0 for not "
                     "measured, birth dates on the 1st/15th, children > 59 months, e-PPGBM status vs recomputed"),
    "qstd_grade": ("Nilai posyandu/puskesmas: Bermasalah bila satu aturan masalah terpenuhi (minimal {n} anak), "
                   "Perlu perhatian bila hanya aturan perhatian",
                   "Posyandu/puskesmas grade: Problematic when one problem rule fires (at least {n} children), "
                   "Needs attention when only attention rules fire"),
    # Kualitas Data page
    "qgrades_title": ("Nilai kualitas data per {level}, terburuk dulu", "Data quality grade per {level}, worst first"),
    "qgrades_level": ("Tingkat", "Level"),
    "qgrades_none": ("Tidak ada nilai kualitas untuk periode ini.", "No quality grades for this period."),
    "qgrades_need_build": ("Nilai kualitas belum dihitung: bangun ulang basis data (peta-stunting build).",
                           "Quality grades not computed yet: rebuild the database (peta-stunting build)."),
    "qcol_unit": ("Nama", "Name"),
    "qcol_grade": ("Nilai", "Grade"),
    "qcol_reasons": ("Alasan nilai", "Reasons for the grade"),
    "qcol_smart": ("Skor SMART", "SMART score"),
    "qcol_smart_grade": ("Nilai SMART", "SMART grade"),
    "qcol_puskesmas": ("Puskesmas", "Puskesmas"),
    "qcol_sd_haz": ("SD z TB/U", "SD of HAZ"),
    "qcol_sd_waz": ("SD z BB/U", "SD of WAZ"),
    "qcol_sd_whz": ("SD z BB/TB", "SD of WHZ"),
    "qcol_skew_haz": ("Skew TB/U", "Skew HAZ"),
    "qcol_kurt_haz": ("Kurtosis TB/U", "Kurtosis HAZ"),
    "qcol_dps_height": ("DPS tinggi", "DPS height"),
    "qcol_dps_weight": ("DPS berat", "DPS weight"),
    "qcol_flagged": ("Di luar batas WHO", "Outside WHO flags"),
    "qcol_sex_ratio": ("Rasio L/P", "Sex ratio M/F"),
    "qcol_age_ratio": ("Rasio umur 6–29/30–59", "Age ratio 6–29/30–59"),
    "qcol_wrong_position": ("Posisi salah", "Wrong position"),
    "qcol_zeros": ("Angka 0", "Zeros"),
    "qcol_complete_height": ("Tinggi terisi", "Height recorded"),
    "qmap_title": ("Peta nilai kualitas data posyandu", "Map of posyandu data quality grades"),
    "qmap_legend": ("Lingkaran: posyandu berwarna menurut nilai (merah = bermasalah, oranye = perlu perhatian, "
                    "hijau = baik, abu-abu = data terlalu sedikit)",
                    "Circles: posyandu coloured by grade (red = problematic, orange = needs attention, green = good, "
                    "grey = too few data)"),
    "qdetail_title": ("Rincian pemeriksaan (WHO-UNICEF, SMART, rutin)", "Check details (WHO-UNICEF, SMART, routine)"),
    "qcharts_unit": ("Grafik untuk", "Charts for"),
    "qbirth_month_title": ("Bulan kelahiran", "Calendar month of birth"),
    "qage_year_title": ("Umur (tahun)", "Age (years)"),
    "qcoverage_explain_title": ("Mengapa cakupan > 100 %?", "Why is coverage above 100 %?"),
    "qcoverage_explain": (
        "Cakupan dihitung per periode: balita diukur dalam periode ÷ sasaran balita tahun itu. Di atas 100 % "
        "berarti sasaran lebih kecil dari anak yang benar-benar diukur: sasaran proyeksi terlalu rendah, anak dari "
        "desa lain diukur di posyandu desa ini, atau anak pindahan belum masuk sasaran. Perbarui sasaran dari "
        "pendataan (bukan proyeksi).",
        "Coverage is per period: children measured in the period ÷ the year's target children. Above 100 % means "
        "the target is smaller than the children actually measured: a projected target too low, children from "
        "other villages measured at this village's posyandu, or newcomers not yet in the target. Update the target "
        "from a count, not a projection."),
    "qcol_coverage_note": ("Catatan", "Note"),
    "qcoverage_over": ("> 100 %: sasaran terlalu kecil?", "> 100 %: target too small?"),
    "qcoverage_period_note": ("Cakupan per periode (tidak dijumlahkan antar periode).",
                              "Coverage per period (never summed across periods)."),
    # posyandu placement
    "qplace_title": ("Posyandu bermasalah letaknya", "Posyandu with placement problems"),
    "qplace_intro": ("Hanya posyandu yang titiknya di luar kelurahan terdaftar, tanpa koordinat, atau jauh (> {far} m) "
                     "dari kelurahannya; urut dari yang terjauh.",
                     "Only posyandu whose point lies outside the declared kelurahan, has no coordinates, or lies far "
                     "(> {far} m) from it; farthest first."),
    "qplace_far": ("Jauh dari kelurahan terdaftar (> {far} m)", "Far from the declared kelurahan (> {far} m)"),
    "qplace_col_distance": ("Jarak ke kelurahan terdaftar (m)", "Distance to declared kelurahan (m)"),
    "qplace_none": ("Semua posyandu terletak di kelurahan terdaftarnya.", "Every posyandu lies in its declared kelurahan."),
    "qplace_legend": ("◆ merah: posyandu bermasalah letaknya; kuning: kelurahan terdaftarnya",
                      "◆ red: posyandu with a placement problem; yellow: its declared kelurahan"),
    # Peta filter and lokus acknowledgement
    "qpeta_title": ("Kualitas data", "Data quality"),
    "qpeta_mode": ("Desa dengan data bermasalah", "Villages with problematic data"),
    "qpeta_show": ("Tampilkan biasa", "Show as usual"),
    "qpeta_mark": ("Tandai (garis hitam tebal)", "Mark (thick black outline)"),
    "qpeta_hide": ("Sembunyikan nilainya", "Hide their values"),
    "qpeta_note": ("{n} desa: ≥ {share} balitanya diukur di posyandu/puskesmas bernilai Bermasalah",
                   "{n} villages: ≥ {share} of their children measured at a posyandu/puskesmas graded Problematic"),
    "qlokus_col": ("Data bermasalah", "Problematic data"),
    "qlokus_warning": ("{n} desa di {top} teratas memakai data yang bernilai Bermasalah ({names}). Peringkat mereka "
                       "bisa salah karena pengukuran, bukan karena keadaan anak.",
                       "{n} villages in the top {top} rest on data graded Problematic ({names}). Their rank may come "
                       "from measurement, not from the children."),
    "qlokus_ack": ("Saya sudah memeriksa kualitas data desa ini dan tetap memasukkannya",
                   "I have checked these villages' data quality and include them anyway"),
    "qlokus_excluded": ("Belum diakui: desa dengan data bermasalah dikeluarkan dari {top} teratas sampai dicentang.",
                        "Not acknowledged: villages with problematic data are left out of the top {top} until ticked."),
    # report
    "qreport_title": ("Laporan Kualitas Data Pengukuran Balita", "Child Measurement Data Quality Report"),
    "qreport_subtitle": ("Aksi 6 – Sistem manajemen data; {area}, periode {period}",
                         "Aksi 6 – Data management system; {area}, period {period}"),
    "qreport_summary": ("Ringkasan", "Summary"),
    "qreport_summary_text": ("{children} balita diukur. Posyandu bermasalah: {bad_pos} dari {n_pos}; puskesmas "
                             "bermasalah: {bad_pkm} dari {n_pkm}.",
                             "{children} children measured. Problematic posyandu: {bad_pos} of {n_pos}; problematic "
                             "puskesmas: {bad_pkm} of {n_pkm}."),
    "qreport_standards": ("Standar dan ambang batas", "Standards and thresholds"),
    "qreport_checks": ("Pemeriksaan WHO-UNICEF dan SMART", "WHO-UNICEF and SMART checks"),
    "qreport_grades": ("Nilai posyandu, terburuk dulu", "Posyandu grades, worst first"),
    "qreport_pkm_grades": ("Nilai puskesmas", "Puskesmas grades"),
    "qreport_todo": ("Apa yang harus dilakukan", "What to do"),
    "qreport_charts": ("Grafik", "Charts"),
    "qreport_none_problem": ("Tidak ada masalah yang ditemukan.", "No problem found."),
    "qreport_check": ("Pemeriksaan", "Check"),
    "qreport_value": ("Nilai", "Value"),
    "qreport_threshold": ("Ambang", "Threshold"),
    "qreport_footer": ("Dibuat oleh peta-stunting dari {db}, {date}. Hanya angka agregat; tanpa nama atau NIK.",
                       "Made by peta-stunting from {db}, {date}. Aggregates only; no names or NIK."),
    "qreport_no_data": ("Tidak ada data pengukuran untuk {area} pada periode {period}.",
                        "No measurement data for {area} in period {period}."),
}
