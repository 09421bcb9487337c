"""The demo's rencana aksi RB: each road map's yearly plan, as a regency's renaksi reads.

RB General: per area perubahan one or two *kegiatan utama*, coordinated by BKPSDM (budaya kerja, SDM aparatur)
or by Setda's Bagian Organisasi (the other areas). RB Tematik: per theme of the road map one to three *sasaran
tematik*, coordinated by the dinas that owns it (Dinsos: kemiskinan, DPMPTSP: investasi, Diskominfo:
digitalisasi, Diskop UKM Perindag and Dinkes: the President's priorities). Each rencana aksi has its output with
a satuan and a target volume, its budget in rupiah, its tahapan per quarter with the planned cumulative %, one or
two pelaksana (each reports its share), the indicators it serves, and a quick-win flag for a few.

The active road map (2025–2029) gets some fifty actions a year, the old one (2020–2024) about fifteen. Master
data, written in bulk on natural keys (a second run changes nothing); what the pelaksana report each quarter is
history (demo.action_rows).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from areas.models import (
    ActionAssignment,
    ActionGroup,
    ActionKind,
    ActionPlan,
    ActionStage,
    ChangeArea,
    Indicator,
    RbTheme,
)
from roadmap.models import Roadmap, Unit

MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class GroupTemplate:
    code: str  # unique per road map: KU-PTL-1 (kegiatan utama), ST-KEM-1 (sasaran tematik)
    name: str
    area: str = ""  # ChangeArea.code for RB General
    theme: str = ""  # RbTheme.code for RB Tematik
    coordinator: str = ""  # Unit.slug

    @property
    def kind(self) -> str:
        return ActionKind.GENERAL if self.area else ActionKind.TEMATIK


G = GroupTemplate
GROUPS: list[GroupTemplate] = [
    G("KU-MP-1", "Internalisasi nilai dasar ASN BerAKHLAK dan budaya kerja", area="MP", coordinator="bkpsdm"),
    G("KU-MP-2", "Penguatan peran agen perubahan perangkat daerah", area="MP", coordinator="bkpsdm"),
    G("KU-DK-1", "Harmonisasi dan evaluasi produk hukum daerah", area="DK", coordinator="setda"),
    G("KU-PO-1", "Evaluasi kelembagaan dan penyederhanaan birokrasi", area="PO", coordinator="setda"),
    G("KU-PTL-1", "Penataan proses bisnis dan standar operasional prosedur", area="PTL", coordinator="setda"),
    G("KU-PTL-2", "Penerapan tata naskah dinas elektronik dan arsip digital", area="PTL", coordinator="setda"),
    G("KU-SDM-1", "Penerapan sistem merit dan manajemen talenta ASN", area="SDM", coordinator="bkpsdm"),
    G("KU-SDM-2", "Pengembangan kompetensi ASN", area="SDM", coordinator="bkpsdm"),
    G("KU-AKU-1", "Penguatan implementasi SAKIP perangkat daerah", area="AKU", coordinator="setda"),
    G("KU-PWS-1", "Pembangunan Zona Integritas dan penguatan SPIP", area="PWS", coordinator="setda"),
    G("KU-PPL-1", "Standar pelayanan dan survei kepuasan masyarakat", area="PPL", coordinator="setda"),
    G("KU-PPL-2", "Inovasi pelayanan publik dan Mal Pelayanan Publik", area="PPL", coordinator="setda"),
    G("ST-KEM-1", "Ketepatan sasaran bantuan sosial melalui data terpadu", theme="kemiskinan", coordinator="dinsos"),
    G("ST-KEM-2", "Penghapusan kemiskinan ekstrem", theme="kemiskinan", coordinator="dinsos"),
    G("ST-INV-1", "Kemudahan dan kepastian perizinan berusaha", theme="investasi", coordinator="dpmptsp"),
    G("ST-INV-2", "Promosi dan realisasi investasi daerah", theme="investasi", coordinator="dpmptsp"),
    G(
        "ST-DIG-1",
        "Layanan administrasi pemerintahan berbasis elektronik",
        theme="digitalisasi",
        coordinator="diskominfo",
    ),
    G("ST-DIG-2", "Keterpaduan data dan infrastruktur SPBE", theme="digitalisasi", coordinator="diskominfo"),
    G(
        "ST-PRI-1",
        "Peningkatan penggunaan produk dalam negeri dan UMK",
        theme="prioritas-presiden",
        coordinator="diskop-ukm-perindag",
    ),
    G("ST-PRI-2", "Pengendalian inflasi daerah", theme="prioritas-presiden", coordinator="diskop-ukm-perindag"),
    G("ST-PRI-3", "Percepatan penurunan stunting", theme="prioritas-presiden", coordinator="dinkes"),
]
GROUP_BY_CODE = {g.code: g for g in GROUPS}


@dataclass(frozen=True)
class ActionTemplate:
    group: str  # GroupTemplate.code
    name: str
    output: str
    satuan: str  # dokumen, aplikasi, kegiatan, orang, …
    target: int  # the output's target volume (the whole action)
    budget: int  # Rp million, the first year; a little more each following year
    pelaksana: tuple[str, ...]  # Unit.slug; two: each reports its share
    start: int = 1
    end: int = 4
    quick_win: bool = False
    indicators: tuple[str, ...] = ()  # demo.catalog template keys of the pelaksana's indicators it serves
    stages: tuple[str, ...] = ()  # one description per quarter start..end; empty: the generic phases
    years: tuple[int, ...] | None = None  # offsets from the road map's first year; None: every year
    old: bool = False  # in the 2020–2024 road map's smaller plan too


A = ActionTemplate
ACTIONS: list[ActionTemplate] = [
    # --- Manajemen Perubahan -----------------------------------------------------------------------------
    A("KU-MP-1", "Internalisasi nilai BerAKHLAK melalui apel dan coaching clinic", "Kegiatan internalisasi",
      "kegiatan", 8, 45, ("bkpsdm",), indicators=("berakhlak",), old=True,
      stages=("Penyusunan jadwal dan materi internalisasi", "Internalisasi tahap I di perangkat daerah",
              "Internalisasi tahap II dan survei budaya kerja", "Evaluasi dan laporan internalisasi")),
    A("KU-MP-1", "Survei penerapan budaya kerja BerAKHLAK pegawai", "Laporan hasil survei", "dokumen", 1, 35,
      ("bkpsdm",), start=2, end=4, indicators=("berakhlak",),
      stages=("Penyusunan kuesioner dan sampel", "Pengisian survei oleh pegawai", "Analisis dan laporan hasil")),
    A("KU-MP-1", "Penyusunan rencana aksi budaya kerja perangkat daerah", "Dokumen rencana aksi budaya kerja",
      "dokumen", 1, 25, ("disdikbud", "dinkes"), start=1, end=2, indicators=("berakhlak",)),
    A("KU-MP-2", "Penetapan dan pembekalan agen perubahan", "Agen perubahan yang dibekali", "orang", 52, 60,
      ("bkpsdm",), start=1, end=2, quick_win=True, indicators=("agen-perubahan",), old=True,
      stages=("Penetapan SK agen perubahan", "Pembekalan agen perubahan")),
    A("KU-MP-2", "Pelaporan aksi perubahan oleh agen perubahan", "Laporan aksi perubahan", "dokumen", 4, 20,
      ("kesbangpol", "satpol-pp"), indicators=("agen-perubahan",)),
    # --- Deregulasi Kebijakan -----------------------------------------------------------------------------
    A("KU-DK-1", "Inventarisasi dan evaluasi peraturan bupati yang tidak sesuai", "Laporan evaluasi perbup",
      "dokumen", 1, 75, ("setda",), indicators=("perkada",), old=True,
      stages=("Inventarisasi perbup yang berlaku", "Kajian dan klasifikasi perbup",
              "Pembahasan dengan perangkat daerah", "Penetapan rekomendasi pencabutan dan revisi")),
    A("KU-DK-1", "Harmonisasi rancangan peraturan daerah prakarsa DPRD", "Raperda yang diharmonisasi", "dokumen", 4,
      120, ("setwan",), start=2, end=4, indicators=("perda",),
      stages=("Penyusunan naskah akademik", "Harmonisasi di Kanwil Kementerian Hukum", "Pembahasan dan fasilitasi")),
    A("KU-DK-1", "Penyusunan JDIH terintegrasi produk hukum daerah", "Aplikasi JDIH", "aplikasi", 1, 65,
      ("setda", "diskominfo"), start=1, end=3, years=(0, 1)),
    # --- Penataan Organisasi --------------------------------------------------------------------------------
    A("KU-PO-1", "Evaluasi kelembagaan perangkat daerah", "Laporan evaluasi kelembagaan", "dokumen", 1, 85, ("setda",),
      indicators=("evaluasi-kelembagaan",), old=True,
      stages=("Pembentukan tim dan pengumpulan data", "Pengisian instrumen evaluasi", "Analisis dan verifikasi",
              "Penyusunan laporan dan rekomendasi")),
    A("KU-PO-1", "Penyetaraan jabatan administrasi ke jabatan fungsional", "Pejabat yang disetarakan", "orang", 40,
      55, ("bkpsdm", "setda"), start=1, end=3, years=(0, 1, 2)),
    A("KU-PO-1", "Analisis jabatan dan analisis beban kerja", "Dokumen Anjab-ABK", "dokumen", 26, 90,
      ("setda",), indicators=("anjab",), old=True),
    # --- Penataan Tata Laksana ------------------------------------------------------------------------------
    A("KU-PTL-1", "Penyusunan peta proses bisnis perangkat daerah", "Peta proses bisnis", "dokumen", 12, 110,
      ("setda",), years=(0, 1), old=True,
      stages=("Pembentukan tim dan bimbingan teknis", "Penyusunan peta tingkat 0 dan 1", "Penyusunan peta tingkat 2",
              "Penetapan peta proses bisnis")),
    A("KU-PTL-1", "Reviu peta proses bisnis terhadap struktur organisasi baru", "Peta proses bisnis yang direviu",
      "dokumen", 26, 60, ("setda",), start=2, years=(2, 3, 4)),
    A("KU-PTL-1", "Reviu dan penetapan SOP administrasi pemerintahan", "SOP yang ditetapkan", "dokumen", 40, 30,
      ("dinkes", "rsud-rapb"), start=1, end=3, indicators=("sop",),
      stages=("Inventarisasi SOP yang wajib direviu", "Reviu SOP per bidang", "Penetapan SOP")),
    A("KU-PTL-1", "Reviu SOP pelayanan kecamatan", "SOP yang ditetapkan", "dokumen", 24, 20,
      ("kec-penajam", "kec-waru"), start=2, end=4, indicators=("sop",)),
    A("KU-PTL-2", "Penerapan Srikandi untuk tata naskah dinas elektronik", "Perangkat daerah yang memakai Srikandi",
      "perangkat daerah", 26, 140, ("diskominfo",), indicators=("layanan-elektronik",),
      stages=("Penyiapan akun dan bimbingan teknis", "Penerapan tahap I (badan dan sekretariat)",
              "Penerapan tahap II (dinas dan kecamatan)", "Evaluasi penerapan")),
    A("KU-PTL-2", "Digitalisasi arsip vital perangkat daerah", "Arsip yang didigitalkan", "berkas", 5000, 95,
      ("setda", "disdukcapil"), start=2, end=4),
    # --- Penataan SDM Aparatur ------------------------------------------------------------------------------
    A("KU-SDM-1", "Penilaian mandiri penerapan sistem merit", "Laporan penilaian mandiri", "dokumen", 1, 40,
      ("bkpsdm",), start=1, end=2, quick_win=True, indicators=("merit",), old=True,
      stages=("Pengumpulan bukti delapan aspek merit", "Penilaian mandiri dan verifikasi BKN")),
    A("KU-SDM-1", "Penyusunan manajemen talenta dan rencana suksesi", "Dokumen manajemen talenta", "dokumen", 1, 150,
      ("bkpsdm",), indicators=("merit",),
      stages=("Pemetaan talenta (nine box)", "Uji kompetensi pejabat", "Penyusunan talent pool",
              "Penetapan rencana suksesi")),
    A("KU-SDM-1", "Pemutakhiran data ASN pada SIASN", "ASN yang datanya mutakhir", "orang", 3200, 35,
      ("bkpsdm",), start=1, end=2, indicators=("ipasn",)),
    A("KU-SDM-2", "Pelatihan kompetensi teknis bagi ASN", "ASN yang dilatih", "orang", 320, 380,
      ("bkpsdm", "disdikbud"), indicators=("asn20jp",), old=True,
      stages=("Analisis kebutuhan pelatihan", "Pelatihan angkatan I", "Pelatihan angkatan II",
              "Evaluasi pascapelatihan")),
    A("KU-SDM-2", "Pembelajaran mandiri ASN melalui e-learning", "ASN yang mengikuti e-learning", "orang", 600, 25,
      ("bpbd", "dlh"), indicators=("asn20jp",)),
    A("KU-SDM-2", "Uji kompetensi dan sertifikasi jabatan fungsional", "Pejabat fungsional yang disertifikasi",
      "orang", 60, 140, ("bkpsdm", "inspektorat"), start=2, end=4),
    # --- Penguatan Akuntabilitas ----------------------------------------------------------------------------
    A("KU-AKU-1", "Penyusunan pohon kinerja dan cascading indikator", "Pohon kinerja perangkat daerah", "dokumen", 26,
      70, ("bapelitbang",), start=1, end=2, indicators=("sakip",), old=True,
      stages=("Bimbingan teknis cascading", "Penetapan pohon kinerja")),
    A("KU-AKU-1", "Evaluasi implementasi SAKIP perangkat daerah", "Laporan hasil evaluasi SAKIP", "dokumen", 26, 160,
      ("inspektorat",), start=2, end=4, indicators=("sakip",), old=True,
      stages=("Penyusunan jadwal dan kertas kerja", "Evaluasi lapangan", "Penyampaian LHE SAKIP")),
    A("KU-AKU-1", "Pengukuran kinerja bulanan melalui aplikasi e-SAKIP", "Laporan pengukuran kinerja", "dokumen", 12,
      45, ("bpkad", "bapenda"), indicators=("sakip",)),
    A("KU-AKU-1", "Penyusunan laporan kinerja (LKjIP) tepat waktu", "Laporan kinerja", "dokumen", 1, 20,
      ("dpupr", "dishub"), start=1, end=1, quick_win=True, indicators=("sakip",)),
    # --- Penguatan Pengawasan -------------------------------------------------------------------------------
    A("KU-PWS-1", "Pembangunan Zona Integritas menuju WBK pada unit layanan", "Unit kerja yang diusulkan WBK",
      "unit kerja", 3, 180, ("inspektorat", "rsud-rapb"), indicators=("zi",), old=True,
      stages=("Pencanangan dan pembentukan tim ZI", "Pemenuhan dokumen enam area", "Penilaian Tim Penilai Internal",
              "Pengusulan ke KemenPANRB")),
    A("KU-PWS-1", "Penilaian maturitas SPIP terintegrasi", "Laporan penilaian maturitas", "dokumen", 1, 130,
      ("inspektorat",), start=1, end=3, indicators=("spip",)),
    A("KU-PWS-1", "Pemantauan tindak lanjut hasil pemeriksaan BPK", "Laporan pemantauan TLHP", "dokumen", 4, 55,
      ("inspektorat", "bpkad"), indicators=("tlhp",), old=True),
    A("KU-PWS-1", "Penerapan manajemen risiko perangkat daerah", "Register risiko", "dokumen", 10, 40,
      ("bapelitbang", "dpupr"), start=2, end=4),
    # --- Peningkatan Kualitas Pelayanan Publik --------------------------------------------------------------
    A("KU-PPL-1", "Penyusunan dan publikasi standar pelayanan", "Standar pelayanan yang dipublikasikan", "dokumen",
      18, 40, ("disdukcapil", "dinkes"), start=1, end=2, quick_win=True, indicators=("ikm",),
      stages=("Penyusunan standar pelayanan bersama masyarakat", "Penetapan dan publikasi di ruang layanan")),
    A("KU-PPL-1", "Survei kepuasan masyarakat unit layanan", "Laporan SKM", "dokumen", 4, 30,
      ("rsud-rapb", "dishub"), indicators=("ikm",), old=True),
    A("KU-PPL-1", "Pengelolaan pengaduan melalui SP4N-LAPOR!", "Pengaduan yang ditindaklanjuti", "aduan", 240, 25,
      ("diskominfo",)),
    A("KU-PPL-2", "Penguatan layanan Mal Pelayanan Publik", "Jenis layanan di MPP", "layanan", 120, 420,
      ("dpmptsp",), indicators=("waktu-izin",), old=True,
      stages=("Penambahan tenant dan penataan ruang", "Penyiapan antrean daring", "Penambahan jenis layanan",
              "Evaluasi dan survei pengunjung MPP")),
    A("KU-PPL-2", "Kompetisi inovasi pelayanan publik daerah", "Inovasi yang diterapkan", "inovasi", 15, 85,
      ("bapelitbang",), start=2, end=4, indicators=("inovasi",),
      stages=("Penjaringan proposal inovasi", "Penilaian dan pendampingan", "Penetapan dan replikasi inovasi")),
    A("KU-PPL-2", "Layanan jemput bola di kecamatan dan desa", "Kegiatan jemput bola", "kegiatan", 24, 60,
      ("kec-babulu", "kec-sepaku"), indicators=("ikm",)),
    # --- RB Tematik: kemiskinan -----------------------------------------------------------------------------
    A("ST-KEM-1", "Pemutakhiran data DTKS", "Keluarga yang datanya dimutakhirkan", "keluarga", 9500, 210,
      ("dinsos",), indicators=("bansos",), old=True,
      stages=("Penyiapan operator desa dan jadwal musyawarah desa", "Verifikasi dan validasi lapangan tahap I",
              "Verifikasi dan validasi lapangan tahap II", "Penetapan dan pengiriman data ke Kemensos")),
    A("ST-KEM-1", "Integrasi data DTKS dengan data kependudukan", "Data yang dipadankan", "NIK", 30000, 75,
      ("disdukcapil", "dinsos"), start=1, end=3, indicators=("adminduk",)),
    A("ST-KEM-1", "Verifikasi penerima bantuan sosial daerah", "Penerima yang diverifikasi", "orang", 4200, 140,
      ("dinsos", "kec-penajam"), start=2, end=4, indicators=("bansos",)),
    A("ST-KEM-2", "Pemetaan keluarga miskin ekstrem berbasis P3KE", "Dokumen sasaran kemiskinan ekstrem", "dokumen",
      1, 65, ("bapelitbang",), start=1, end=2, quick_win=True, indicators=("kemiskinan-ekstrem",)),
    A("ST-KEM-2", "Bedah rumah tidak layak huni bagi keluarga miskin ekstrem", "Rumah yang direhabilitasi", "unit",
      60, 450, ("dpupr",), start=2, end=4),
    A("ST-KEM-2", "Pelatihan kerja bagi penganggur dari keluarga miskin", "Peserta pelatihan", "orang", 120, 180,
      ("disnakertrans",)),
    # --- RB Tematik: investasi ------------------------------------------------------------------------------
    A("ST-INV-1", "Integrasi layanan perizinan ke OSS RBA", "Jenis izin terintegrasi OSS RBA", "jenis izin", 35, 160,
      ("dpmptsp", "diskominfo"), indicators=("waktu-izin",), old=True,
      stages=("Inventarisasi izin dan persyaratan", "Integrasi SiCantik dengan OSS RBA", "Uji coba layanan",
              "Penerapan penuh dan evaluasi")),
    A("ST-INV-1", "Pengawasan dan pembinaan LKPM pelaku usaha", "Pelaku usaha yang dibina", "pelaku usaha", 200, 55,
      ("dpmptsp",), indicators=("investasi",)),
    A("ST-INV-2", "Penyusunan profil peluang investasi daerah", "Dokumen peluang investasi", "dokumen", 1, 150,
      ("dpmptsp", "bapelitbang"), start=1, end=3, indicators=("investasi",),
      stages=("Pengumpulan data potensi", "Kajian kelayakan proyek", "Penyusunan dan peluncuran profil")),
    A("ST-INV-2", "Fasilitasi investasi di kawasan penyangga IKN", "Forum investasi", "kegiatan", 4, 240,
      ("kec-sepaku", "dpmptsp"), start=2, end=4, indicators=("investasi",)),
    # --- RB Tematik: digitalisasi administrasi pemerintahan -------------------------------------------------
    A("ST-DIG-1", "Penerapan tanda tangan elektronik pada layanan perangkat daerah", "Pengguna TTE", "orang", 400, 80,
      ("diskominfo",), start=1, end=2, quick_win=True, indicators=("layanan-elektronik",),
      stages=("Pendaftaran sertifikat elektronik BSrE", "Penerapan TTE pada surat dan layanan")),
    A("ST-DIG-1", "Pengembangan aplikasi layanan administrasi kependudukan daring", "Aplikasi layanan daring",
      "aplikasi", 1, 190, ("disdukcapil",), indicators=("adminduk", "layanan-elektronik")),
    A("ST-DIG-1", "Pengembangan aplikasi e-kinerja terintegrasi", "Aplikasi e-kinerja", "aplikasi", 1, 230,
      ("bkpsdm", "diskominfo"), years=(0, 1, 2)),
    A("ST-DIG-1", "Digitalisasi pembayaran pajak dan retribusi daerah", "Kanal pembayaran digital", "kanal", 6, 120,
      ("bapenda",), indicators=("pad",)),
    A("ST-DIG-2", "Penyusunan arsitektur dan peta rencana SPBE", "Dokumen arsitektur SPBE", "dokumen", 1, 175,
      ("diskominfo",), start=1, end=3, indicators=("spbe",), old=True,
      stages=("Pengumpulan data aplikasi dan infrastruktur", "Penyusunan draf arsitektur", "Penetapan perbup")),
    A("ST-DIG-2", "Penerapan Satu Data Indonesia tingkat daerah", "Dataset yang dipublikasikan", "dataset", 150, 60,
      ("diskominfo", "bapelitbang"), indicators=("spbe",)),
    A("ST-DIG-2", "Perluasan jaringan internet kantor kecamatan dan desa", "Titik akses yang terpasang", "titik",
      30, 460, ("diskominfo",), start=2, end=4),
    # --- RB Tematik: percepatan prioritas aktual presiden ---------------------------------------------------
    A("ST-PRI-1", "Peningkatan belanja produk dalam negeri melalui e-Katalog lokal", "Produk lokal tayang di e-Katalog",
      "produk", 150, 45, ("diskop-ukm-perindag", "bpkad"), indicators=("p3dn",), old=True),
    A("ST-PRI-1", "Kurasi dan pendampingan UMK masuk e-Katalog", "UMK yang didampingi", "pelaku usaha", 80, 95,
      ("diskop-ukm-perindag",), start=1, end=3, indicators=("p3dn",)),
    A("ST-PRI-2", "Operasi pasar murah dan gerakan pangan murah", "Kegiatan operasi pasar", "kegiatan", 12, 200,
      ("diskop-ukm-perindag",), indicators=("inflasi",),
      stages=("Operasi pasar menjelang Ramadan", "Operasi pasar Idulfitri", "Gerakan pangan murah",
              "Operasi pasar Natal dan tahun baru")),
    A("ST-PRI-2", "Gerakan tanam cabai dan sayur di pekarangan", "Rumah tangga yang menanam", "rumah tangga", 500, 40,
      ("kec-waru", "kec-babulu"), start=1, end=3, indicators=("inflasi",)),
    A("ST-PRI-3", "Pemberian makanan tambahan bagi balita stunting", "Balita yang menerima PMT", "orang", 850, 320,
      ("dinkes",), old=True,
      stages=("Pendataan balita sasaran", "Pemberian PMT tahap I", "Pemberian PMT tahap II",
              "Evaluasi status gizi")),
    A("ST-PRI-3", "Audit kasus stunting dan rembuk stunting kecamatan", "Kegiatan audit dan rembuk", "kegiatan", 8, 60,
      ("dinkes", "kec-penajam"), start=2, end=4),
    A("ST-PRI-3", "Penyediaan air minum layak di desa lokus stunting", "Sambungan air minum", "sambungan", 300, 480,
      ("dpupr",), start=2, end=4),
]  # fmt: skip

# The generic tahapan, by the number of quarters an action runs.
PHASES: dict[int, tuple[str, ...]] = {
    1: ("Pelaksanaan dan pelaporan",),
    2: ("Persiapan dan pengumpulan data", "Pelaksanaan, penetapan dan pelaporan"),
    3: ("Persiapan dan pembentukan tim", "Pelaksanaan kegiatan", "Penetapan dan pelaporan hasil"),
    4: (
        "Persiapan, pembentukan tim dan pengumpulan data",
        "Pelaksanaan tahap I",
        "Pelaksanaan tahap II dan pembahasan",
        "Penyelesaian, penetapan dan pelaporan",
    ),
}
# The planned cumulative % per quarter, by the number of quarters (one shape drawn per action and year).
SHAPES: dict[int, tuple[tuple[int, ...], ...]] = {
    1: ((100,),),
    2: ((40, 100), (50, 100), (60, 100)),
    3: ((25, 60, 100), (30, 70, 100), (20, 55, 100)),
    4: ((15, 40, 70, 100), (20, 50, 80, 100), (25, 50, 75, 100), (10, 35, 65, 100)),
}
OLD_START = 2020  # the 2020–2024 road map gets the templates flagged `old`


@dataclass(frozen=True)
class PlannedStage:
    quarter: int
    description: str
    planned: Decimal


@dataclass(frozen=True)
class PlannedShare:
    unit: str  # slug
    output: Decimal | None  # None: the whole target
    budget: Decimal


@dataclass(frozen=True)
class PlannedAction:
    """One rencana aksi of one year of one road map, as the demo writes it."""

    roadmap: Roadmap
    year: int
    code: str
    template: ActionTemplate
    budget: Decimal
    stages: tuple[PlannedStage, ...]
    shares: tuple[PlannedShare, ...] = field(default=())

    @property
    def group(self) -> GroupTemplate:
        return GROUP_BY_CODE[self.template.group]


def _rng(*parts: object) -> random.Random:
    return random.Random("-".join(str(p) for p in parts))  # noqa: S311 - demo data, not security


def templates_for(roadmap: Roadmap) -> list[ActionTemplate]:
    return [t for t in ACTIONS if t.old] if roadmap.start_year == OLD_START else list(ACTIONS)


def _budget(t: ActionTemplate, offset: int, r: random.Random) -> Decimal:
    """Rp for the year: the template's millions, 5 % more each year, a little jitter, in round half-millions."""
    value = Decimal(t.budget) * MILLION * (Decimal(1) + Decimal("0.05") * offset) * Decimal(str(r.uniform(0.92, 1.08)))
    return (value / 500_000).quantize(Decimal(1)) * 500_000


def _shares(t: ActionTemplate, budget: Decimal) -> tuple[PlannedShare, ...]:
    if len(t.pelaksana) == 1:
        return (PlannedShare(t.pelaksana[0], None, budget),)
    # Two pelaksana: the first carries the larger part (60 %) of the budget and, when it divides, of the output.
    first_budget = (budget * Decimal("0.6") / 500_000).quantize(Decimal(1)) * 500_000
    budgets = (first_budget, budget - first_budget)
    if t.target >= 2:
        first = Decimal(t.target - t.target // 2)
        outputs: tuple[Decimal | None, Decimal | None] = (first, Decimal(t.target) - first)
    else:
        outputs = (None, None)  # one document made together: each reports the whole
    return tuple(PlannedShare(slug, out, b) for slug, out, b in zip(t.pelaksana, outputs, budgets, strict=True))


def plan(roadmaps: list[Roadmap]) -> list[PlannedAction]:
    planned = []
    for roadmap in roadmaps:
        per_group: dict[str, int] = {}
        for t in templates_for(roadmap):
            per_group[t.group] = per_group.get(t.group, 0) + 1
            code = f"RA-{t.group.split('-', 1)[1]}.{per_group[t.group]:02d}"  # KU-PTL-1 → RA-PTL-1.01
            for offset, year in enumerate(roadmap.years):
                if t.years is not None and offset not in t.years:
                    continue
                r = _rng("renaksi", roadmap.start_year, year, code)
                quarters = list(range(t.start, t.end + 1))
                descriptions = t.stages or PHASES[len(quarters)]
                shape = r.choice(SHAPES[len(quarters)])
                stages = tuple(
                    PlannedStage(q, d, Decimal(p)) for q, d, p in zip(quarters, descriptions, shape, strict=True)
                )
                budget = _budget(t, offset, r)
                planned.append(PlannedAction(roadmap, year, code, t, budget, stages, _shares(t, budget)))
    return planned


def seed_action_plans(roadmaps: list[Roadmap], units: list[Unit]) -> list[PlannedAction]:
    """Every road map's groups, plans, pelaksana, tahapan and the indicators served, in bulk on natural keys."""
    unit_by_slug = {u.slug: u for u in units}
    planned = plan(roadmaps)
    areas = {(a.roadmap_id, a.code): a for a in ChangeArea.objects.filter(roadmap__in=roadmaps)}
    themes = {(t.roadmap_id, t.code): t for t in RbTheme.objects.filter(roadmap__in=roadmaps)}
    used = {(p.roadmap.pk, p.template.group) for p in planned}
    ActionGroup.objects.bulk_create(
        [
            ActionGroup(
                roadmap=roadmap,
                kind=g.kind,
                area=areas[(roadmap.pk, g.area)] if g.area else None,
                theme=themes[(roadmap.pk, g.theme)] if g.theme else None,
                code=g.code,
                name=g.name,
                order=order,
            )
            for roadmap in roadmaps
            for order, g in enumerate(GROUPS, start=1)
            if (roadmap.pk, g.code) in used
        ],
        update_conflicts=True,
        unique_fields=["roadmap", "code"],
        update_fields=["kind", "area", "theme", "name", "order"],
    )
    groups = {(g.roadmap_id, g.code): g for g in ActionGroup.objects.filter(roadmap__in=roadmaps)}
    ActionPlan.objects.bulk_create(
        [
            ActionPlan(
                group=groups[(p.roadmap.pk, p.template.group)],
                roadmap=p.roadmap,
                year=p.year,
                code=p.code,
                name=p.template.name,
                output=p.template.output,
                output_satuan=p.template.satuan,
                output_target=Decimal(p.template.target),
                budget=p.budget,
                coordinator=unit_by_slug[p.group.coordinator],
                start_quarter=p.template.start,
                end_quarter=p.template.end,
                quick_win=p.template.quick_win,
                is_active=True,
            )
            for p in planned
        ],
        update_conflicts=True,
        unique_fields=["roadmap", "year", "code"],
        update_fields=[
            "group",
            "name",
            "output",
            "output_satuan",
            "output_target",
            "budget",
            "coordinator",
            "start_quarter",
            "end_quarter",
            "quick_win",
            "is_active",
        ],
    )
    plan_ids = {
        (roadmap_id, year, code): pk
        for pk, roadmap_id, year, code in ActionPlan.objects.filter(roadmap__in=roadmaps).values_list(
            "pk", "roadmap_id", "year", "code"
        )
    }
    ids = [plan_ids[(p.roadmap.pk, p.year, p.code)] for p in planned]
    # Tahapan and pelaksana as planned: rows of other quarters or units go (a pelaksana's only while it has
    # reported nothing: its rows protect it, and seed_demo wipes the history first when it rebuilds).
    keep_stages = {(pk, s.quarter) for pk, p in zip(ids, planned, strict=True) for s in p.stages}
    stale = [
        s.pk
        for s in ActionStage.objects.filter(plan_id__in=ids).only("pk", "plan_id", "quarter")
        if (s.plan_id, s.quarter) not in keep_stages
    ]
    ActionStage.objects.filter(pk__in=stale).delete()
    ActionStage.objects.bulk_create(
        [
            ActionStage(plan_id=pk, quarter=s.quarter, description=s.description, planned_progress=s.planned)
            for pk, p in zip(ids, planned, strict=True)
            for s in p.stages
        ],
        update_conflicts=True,
        unique_fields=["plan", "quarter"],
        update_fields=["description", "planned_progress"],
    )
    keep_units = {(pk, unit_by_slug[s.unit].pk) for pk, p in zip(ids, planned, strict=True) for s in p.shares}
    stale = [
        a.pk
        for a in ActionAssignment.objects.filter(plan_id__in=ids, progress_rows__isnull=True)
        if (a.plan_id, a.unit_id) not in keep_units
    ]
    ActionAssignment.objects.filter(pk__in=stale).delete()
    ActionAssignment.objects.bulk_create(
        [
            ActionAssignment(plan_id=pk, unit=unit_by_slug[s.unit], output_target=s.output, budget=s.budget)
            for pk, p in zip(ids, planned, strict=True)
            for s in p.shares
        ],
        update_conflicts=True,
        unique_fields=["plan", "unit"],
        update_fields=["output_target", "budget"],
    )
    _link_indicators(planned, ids, unit_by_slug)
    return planned


def _link_indicators(planned: list[PlannedAction], ids: list[int], unit_by_slug: dict[str, Unit]) -> None:
    """Each plan serves its pelaksana's indicators of the template keys it names (by the indicator's name)."""
    from demo.catalog import CATALOG  # the indicator templates: names are unique per unit and road map

    roadmap_ids = {p.roadmap.pk for p in planned}
    indicators = {
        (roadmap_id, unit_id, name): pk
        for pk, roadmap_id, unit_id, name in Indicator.objects.filter(roadmap_id__in=roadmap_ids).values_list(
            "pk", "roadmap_id", "unit_id", "name"
        )
    }
    through = ActionPlan.indicators.through
    wanted = set()
    for pk, p in zip(ids, planned, strict=True):
        for key in p.template.indicators:
            for share in p.shares:
                found = indicators.get((p.roadmap.pk, unit_by_slug[share.unit].pk, CATALOG[key].name))
                if found is not None:
                    wanted.add((pk, found))
    have = set(through.objects.filter(actionplan_id__in=ids).values_list("actionplan_id", "indicator_id"))
    through.objects.filter(actionplan_id__in=ids).exclude(
        pk__in=[
            pk
            for pk, plan_id, indicator_id in through.objects.filter(actionplan_id__in=ids).values_list(
                "pk", "actionplan_id", "indicator_id"
            )
            if (plan_id, indicator_id) in wanted
        ]
    ).delete()
    through.objects.bulk_create(
        [through(actionplan_id=a, indicator_id=i) for a, i in sorted(wanted - have)], ignore_conflicts=True
    )
