"""What officers and the reviewer write in the demo, in plain Indonesian: penjelasan, kendala, rencana tindak
lanjut, the reasons of a return and the notes on one indicator.

The reasons stay short: the full reason is kept in ReviewDecision.reason, and the step's change reason in the
history table is bounded.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import translation

from areas.templatetags.monev import angka
from demo.catalog import IndicatorTemplate

# How the quarter's figure came about, per indicator (the first sentence of the penjelasan).
HOW: dict[str, list[str]] = {
    "sakip": [
        "Nilai mengacu pada LHE SAKIP dari Inspektorat Daerah atas kinerja tahun {prev}.",
        "Nilai hasil evaluasi SAKIP {prev}; komponen pengukuran kinerja masih terendah.",
    ],
    "ikm": [
        "Survei triwulan ini melibatkan {n} responden pada loket dan layanan daring.",
        "Hasil SKM dari {n} responden; unsur waktu pelayanan bernilai paling rendah.",
    ],
    "berakhlak": [
        "Survei budaya kerja diisi {n} pegawai melalui formulir daring.",
        "Pengukuran internal nilai BerAKHLAK oleh tim agen perubahan terhadap {n} pegawai.",
    ],
    "sop": [
        "SOP yang sudah direviu ditetapkan dengan keputusan kepala perangkat daerah.",
        "Reviu SOP dilakukan per bidang bersama Bagian Organisasi.",
    ],
    "asn20jp": [
        "Data diambil dari rekap pelatihan, webinar dan e-learning pada SIMPEG.",
        "Termasuk pelatihan teknis, seminar dan pembelajaran mandiri yang tercatat di SIMPEG.",
    ],
    "anjab": ["Analisis jabatan disusun bersama Bagian Organisasi dan divalidasi BKPSDM."],
    "tlhp": ["Tindak lanjut dihitung dari rekomendasi yang dinyatakan selesai oleh Inspektorat."],
    "p3dn": ["Dihitung dari paket pengadaan pada SIRUP dan transaksi e-Katalog sampai akhir triwulan."],
    "layanan-elektronik": ["Layanan dihitung dari daftar layanan yang sudah memakai aplikasi dan TTE."],
    "inovasi": ["Inovasi yang dihitung sudah diterapkan dan diunggah ke portal Indeks Inovasi Daerah."],
    "agen-perubahan": ["Agen perubahan aktif adalah yang menyampaikan laporan aksi perubahan triwulan ini."],
    "zi": ["Unit yang diusulkan sudah mencanangkan ZI dan dinilai Tim Penilai Internal."],
    "perda": ["Harmonisasi dilakukan bersama Kanwil Kementerian Hukum Kalimantan Timur."],
    "perkada": ["Evaluasi perbup dilakukan Bagian Hukum bersama perangkat daerah pengusul."],
    "spbe": ["Nilai mengacu pada hasil evaluasi SPBE KemenPANRB tahun {prev}."],
    "spip": ["Nilai hasil penilaian maturitas SPIP terintegrasi yang divalidasi BPKP."],
    "apip": ["Level hasil penilaian kapabilitas APIP oleh BPKP Perwakilan Kalimantan Timur."],
    "merit": ["Nilai dari penilaian mandiri sistem merit yang sudah diverifikasi BKN."],
    "ipasn": ["Hasil pengukuran IP ASN dari data kualifikasi, kompetensi, kinerja dan disiplin di SIMPEG."],
    "opini-bpk": ["Mengacu pada LHP BPK atas LKPD tahun {prev}."],
    "evaluasi-kelembagaan": ["Laporan evaluasi kelembagaan disusun Bagian Organisasi bersama tim Setda."],
    "waktu-izin": ["Rata-rata dihitung dari {n} izin yang terbit pada OSS RBA dan SiCantik."],
    "investasi": ["Dihitung dari LKPM yang dilaporkan pelaku usaha pada OSS sampai akhir triwulan."],
    "bansos": ["Verifikasi lapangan dilakukan terhadap {n} penerima bantuan sosial daerah."],
    "kemiskinan-ekstrem": ["Angka dimutakhirkan TKPK dari data P3KE dan hasil pendataan desa."],
    "inflasi": ["Angka inflasi tahunan menurut rilis BPS pada akhir triwulan."],
    "adminduk": ["Dihitung dari {n} permohonan daring pada aplikasi layanan Disdukcapil."],
    "pad": ["Realisasi PAD kumulatif sampai akhir triwulan menurut laporan SIPD."],
}

# Why a figure stays below its target.
KENDALA: dict[str, list[str]] = {
    "sakip": [
        "Indikator kinerja dalam Renstra belum sepenuhnya berorientasi hasil.",
        "Pengukuran kinerja bulanan belum rutin dilakukan di setiap bidang.",
    ],
    "ikm": [
        "Antrean panjang pada jam sibuk dan ruang tunggu yang sempit.",
        "Petugas loket berkurang karena mutasi pegawai.",
        "Keluhan masyarakat soal waktu pelayanan yang lebih lama dari standar.",
    ],
    "berakhlak": ["Tingkat partisipasi pegawai dalam survei rendah.", "Sosialisasi nilai BerAKHLAK belum merata."],
    "sop": ["Beberapa bidang belum menyerahkan draf reviu SOP.", "Perubahan struktur organisasi menunda reviu SOP."],
    "asn20jp": [
        "Anggaran pelatihan terbatas dan jadwal diklat bertabrakan dengan kegiatan rutin.",
        "Sebagian pegawai belum mencatat pembelajaran mandiri di SIMPEG.",
    ],
    "anjab": ["Data beban kerja dari bidang terlambat masuk."],
    "tlhp": ["Sebagian rekomendasi memerlukan pengembalian kerugian yang masih diangsur."],
    "p3dn": ["Produk dalam negeri untuk beberapa peralatan teknis belum tersedia di e-Katalog."],
    "layanan-elektronik": ["Aplikasi layanan masih dalam pengembangan bersama Diskominfo."],
    "inovasi": ["Inovasi baru masih tahap uji coba dan belum dapat didaftarkan."],
    "agen-perubahan": ["Sebagian agen perubahan dimutasi dan belum diganti."],
    "zi": ["Dokumen pembangunan ZI pada unit layanan belum lengkap."],
    "perda": ["Jadwal harmonisasi di Kanwil penuh sehingga rancangan perda tertunda."],
    "perkada": ["Perangkat daerah pengusul terlambat menyampaikan kajian perbup."],
    "spbe": ["Arsitektur SPBE daerah belum ditetapkan.", "Interoperabilitas data antaraplikasi masih terbatas."],
    "spip": ["Penilaian risiko di tingkat perangkat daerah belum seragam."],
    "apip": ["Jumlah auditor bersertifikat masih kurang."],
    "merit": ["Manajemen talenta belum berjalan untuk seluruh jabatan."],
    "ipasn": ["Dimensi kualifikasi rendah: banyak ASN masih berpendidikan SMA.", "Data disiplin belum lengkap."],
    "waktu-izin": [
        "Berkas persyaratan teknis dari pemohon sering belum lengkap.",
        "Gangguan jaringan pada aplikasi OSS menunda penerbitan izin.",
    ],
    "investasi": ["Banyak pelaku usaha belum menyampaikan LKPM tepat waktu."],
    "bansos": [
        "Data penerima belum diperbarui karena perpindahan penduduk.",
        "Verifikasi lapangan di desa terpencil terkendala akses jalan.",
    ],
    "kemiskinan-ekstrem": ["Pemutakhiran data P3KE di beberapa desa belum selesai."],
    "inflasi": ["Harga beras dan cabai naik menjelang hari besar keagamaan."],
    "adminduk": [
        "Gangguan jaringan SIAK Terpusat selama beberapa hari.",
        "Blangko KTP-el terbatas sehingga pencetakan tertunda.",
    ],
    "pad": ["Realisasi pajak daerah dari sektor mineral bukan logam menurun."],
}
KENDALA_UMUM = ["Koordinasi antarbidang belum optimal.", "Keterbatasan anggaran pada triwulan berjalan."]

# What the unit will do about it next quarter.
RTL: dict[str, list[str]] = {
    "sakip": ["Menyusun ulang pohon kinerja bersama Bapelitbang.", "Melaksanakan pengukuran kinerja setiap bulan."],
    "ikm": [
        "Menambah petugas loket pada jam sibuk dan membuka layanan antrean daring.",
        "Menindaklanjuti saran responden dan mengumumkan hasil survei di ruang layanan.",
    ],
    "berakhlak": ["Mewajibkan pengisian survei melalui apel pagi dan grup kerja."],
    "sop": ["Menetapkan batas waktu penyerahan draf SOP per bidang."],
    "asn20jp": ["Mengikutsertakan pegawai pada e-learning gratis LAN dan Kemendagri."],
    "anjab": ["Menjadwalkan ulang validasi beban kerja dengan BKPSDM."],
    "tlhp": ["Memantau angsuran tindak lanjut setiap bulan bersama Inspektorat."],
    "p3dn": ["Mengutamakan produk UMK lokal pada paket pengadaan triwulan depan."],
    "layanan-elektronik": ["Menyelesaikan pengembangan aplikasi dan menerapkan TTE pada surat keluar."],
    "inovasi": ["Mendampingi tim inovasi sampai inovasi siap didaftarkan."],
    "agen-perubahan": ["Menetapkan agen perubahan pengganti dan memberi pembekalan."],
    "zi": ["Melengkapi dokumen enam area perubahan ZI bersama tim pokja."],
    "perda": ["Mengajukan jadwal harmonisasi lebih awal kepada Kanwil."],
    "perkada": ["Menyurati perangkat daerah pengusul agar kajian segera disampaikan."],
    "spbe": ["Menetapkan arsitektur SPBE daerah dan memperluas integrasi data."],
    "spip": ["Mendampingi perangkat daerah menyusun register risiko."],
    "apip": ["Mengikutkan auditor pada sertifikasi JFA tahun ini."],
    "merit": ["Menyusun rencana suksesi dan manajemen talenta."],
    "ipasn": ["Memfasilitasi tugas belajar dan melengkapi data disiplin di SIMPEG."],
    "waktu-izin": ["Menyediakan pendampingan kelengkapan berkas bagi pemohon di Mal Pelayanan Publik."],
    "investasi": ["Melakukan bimbingan teknis pelaporan LKPM bagi pelaku usaha."],
    "bansos": ["Memutakhirkan data penerima bersama operator desa setiap bulan."],
    "kemiskinan-ekstrem": ["Menyasar bantuan dan program padat karya pada keluarga miskin ekstrem."],
    "inflasi": ["Menggelar operasi pasar dan gerakan tanam cabai bersama TPID."],
    "adminduk": ["Menyiapkan layanan jemput bola dan mengajukan tambahan blangko ke Ditjen Dukcapil."],
    "pad": ["Mengintensifkan penagihan dan pendataan wajib pajak baru."],
}
RTL_UMUM = ["Mempertahankan capaian dan memperbaiki dokumentasi bukti dukung."]

BELOW_TARGET = Decimal("0.97")  # under this share of the target the officer explains a kendala


def _fmt(value: Decimal) -> str:
    with translation.override("id"):
        return str(angka(value))


def penjelasan(
    t: IndicatorTemplate,
    *,
    year: int,
    target: Decimal | None,
    value: Decimal | None,
    done: bool | None,
    r: random.Random,
) -> str:
    how = r.choice(HOW.get(t.key, ["Data dari laporan perangkat daerah."])).format(n=r.randint(120, 480), prev=year - 1)
    if t.polarity == "milestone":
        return f"{how} {'Sudah tercapai.' if done else 'Belum tercapai pada triwulan ini.'}"
    if target is None or value is None:
        return how
    return f"{how} Realisasi {_fmt(value)} terhadap target {_fmt(target)}."


def kendala(t: IndicatorTemplate, share: Decimal, r: random.Random) -> str:
    if share >= BELOW_TARGET:
        return ""
    return r.choice(KENDALA.get(t.key, KENDALA_UMUM))


def rencana_tindak_lanjut(t: IndicatorTemplate, share: Decimal, r: random.Random) -> str:
    if share >= BELOW_TARGET:
        return r.choice(RTL_UMUM)
    return r.choice(RTL.get(t.key, RTL_UMUM))


# A return: (reason, note on the row) per kind of flaw (demo.stories.Flaw).
def return_texts(kind: str, code: str, correct: Decimal | None = None, typed: Decimal | None = None) -> tuple[str, str]:
    if kind == "angka":
        return (
            f"Realisasi {code} tidak sesuai dengan bukti dukung; mohon diperiksa kembali.",
            f"Rekap pada bukti dukung menunjukkan {_fmt(correct or Decimal(0))}, bukan "
            f"{_fmt(typed or Decimal(0))}. Kemungkinan salah ketik pemisah desimal; mohon disesuaikan.",
        )
    if kind == "bukti":
        return (
            f"Bukti dukung {code} belum ditandatangani kepala perangkat daerah.",
            "Unggah ulang laporan yang sudah ditandatangani dan distempel; berkas tanpa tanda tangan tidak "
            "dapat diterima sebagai bukti dukung.",
        )
    return (
        f"Capaian {code} di bawah target, tetapi kendala dan RTL belum diisi.",
        "Jelaskan penyebab capaian di bawah target dan langkah perbaikan yang akan dilakukan triwulan depan.",
    )


REVISION_REASON = "Revisi sesuai catatan verifikator."  # the officer's penjelasan after a fix
