"""Names and places for the demo cooperative: villages of Banyumas, Central Java."""

from __future__ import annotations

# (district / kecamatan, villages / desa) — real names from Banyumas regency.
DISTRICTS: dict[str, tuple[str, ...]] = {
    "Sumpiuh": ("Kuntili", "Selanegara", "Ketanda", "Kemiri", "Nusadadi"),
    "Kemranjen": ("Sibalung", "Karangjati", "Nusamangir", "Sirau", "Kebarongan"),
    "Tambak": ("Kamulyan", "Karangpetir", "Gumelar Lor", "Purwodadi", "Watuagung"),
    "Banyumas": ("Kedunguter", "Pekunden", "Binangun", "Kalisube", "Sudagaran"),
    "Kebasen": ("Cindaga", "Gambarsari", "Randegan", "Tumiyang", "Kalisalak"),
}
# Kecamatan codes used in the 5th–6th digits of a NIK (Banyumas = 33 02).
DISTRICT_CODES = {"Sumpiuh": "26", "Kemranjen": "25", "Tambak": "27", "Banyumas": "24",
                  "Kebasen": "23"}

WOMEN = (
    "Siti", "Sri", "Tri", "Dwi", "Eko", "Wahyuni", "Rini", "Sumiyati", "Suparti", "Sulastri",
    "Endang", "Nur", "Lestari", "Yuliani", "Ratna", "Puji", "Kartini", "Warsini", "Ngatini",
    "Rohmah", "Fitri", "Dewi", "Kusmiati", "Tarsini", "Darsih", "Rasiyem", "Sartini", "Wartini",
)
MEN = (
    "Budi", "Slamet", "Agus", "Joko", "Bambang", "Suharto", "Rahmat", "Wahyu", "Sugeng",
    "Darmono", "Kusno", "Tarno", "Waluyo", "Sutrisno", "Ahmad", "Imam", "Rudi", "Teguh",
)
FAMILY = (
    "Rahayu", "Wati", "Ningsih", "Astuti", "Hartono", "Santoso", "Setiawan", "Purwanti",
    "Susanti", "Prasetyo", "Handayani", "Kurniawan", "Maryati", "Mulyani", "Saputra",
    "Wulandari", "Hidayat", "Utami", "Nugroho", "Suryani",
)
