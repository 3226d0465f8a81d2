"""Words of user management: the Pengguna page (admin only), the refusals of `pipelines.accounts` (shown by the
page and printed by `peta-stunting user ...`) and the audit log's new actions."""
LABELS: dict[str, tuple[str, str]] = {
    # refusals of pipelines.accounts (AccountError); the terminal prints the Indonesian
    "acc_bad_name": ("nama pengguna '{name}' tidak sah: 2-40 huruf, angka, titik, garis bawah atau tanda hubung",
                     "user name '{name}' is not valid: 2-40 letters, digits, dots, underscores or hyphens"),
    "acc_bad_role": ("peran '{role}' tidak dikenal; pilih {roles}", "unknown role '{role}'; choose {roles}"),
    "acc_short_password": ("kata sandi terlalu pendek: minimal {n} karakter",
                           "password too short: at least {n} characters"),
    "acc_passwords_differ": ("kedua kata sandi tidak sama; ketik ulang keduanya",
                             "the two passwords differ; type both again"),
    "acc_unknown_user": ("pengguna '{name}' tidak ada", "there is no user '{name}'"),
    "acc_exists": ("pengguna '{name}' sudah ada; untuk mengubah peran atau kata sandinya pakai bagian di bawah",
                   "user '{name}' already exists; change their role or password in the sections below"),
    "acc_last_admin_remove": (
        "'{name}' adalah satu-satunya admin dan tidak dapat dihapus: tanpa admin tidak ada yang dapat mengelola "
        "pengguna atau mengimpor data. Jadikan pengguna lain admin dulu.",
        "'{name}' is the only admin and cannot be removed: without an admin nobody can manage users or import "
        "data. Make another user an admin first."),
    "acc_last_admin_demote": (
        "'{name}' adalah satu-satunya admin dan tetap admin: tanpa admin tidak ada yang dapat mengelola pengguna "
        "atau mengimpor data. Jadikan pengguna lain admin dulu.",
        "'{name}' is the only admin and stays an admin: without an admin nobody can manage users or import data. "
        "Make another user an admin first."),
    # audit log: the new actions
    "audit_user_role": ("peran diubah", "role changed"),
    "audit_user_password": ("kata sandi diganti", "password set"),
    "audit_user_unlock": ("kunci akun dibuka", "account unlocked"),
    # the Pengguna page
    "page_users": ("Pengguna", "Users"),
    "users_intro": (
        "Akun yang dapat membuka dasbor ini. **Pembaca**: melihat dan mengunduh; **analis**: juga menyimpan pilihan "
        "lokus; **admin**: juga mengimpor data, membatalkan impor dan mengelola pengguna. Setiap perubahan dicatat "
        "di log audit dengan nama Anda.",
        "The accounts that can open this dashboard. **Viewer**: browse and download; **analyst**: also save lokus "
        "selections; **admin**: also import data, undo imports and manage users. Every change is written to the "
        "audit log with your name."),
    "users_open": (
        "Belum ada akun: dasbor terbuka bagi siapa pun di komputer ini. Akun pertama harus admin; setelah itu "
        "setiap orang harus masuk, dan Anda masuk sebagai admin baru itu.",
        "No accounts yet: the dashboard is open to anyone on this computer. The first account must be an admin; "
        "after that everyone logs in, and you are logged in as that new admin."),
    "users_list": ("Daftar pengguna", "Users"),
    "users_col_name": ("Nama pengguna", "User name"),
    "users_col_role": ("Peran", "Role"),
    "users_col_state": ("Keadaan", "State"),
    "users_col_created": ("Dibuat", "Created"),
    "users_col_last_login": ("Terakhir masuk", "Last login"),
    "users_state_active": ("aktif", "active"),
    "users_state_locked": ("terkunci sampai {until}", "locked until {until}"),
    "users_state_failures": ("aktif, {n} kata sandi salah berturut-turut", "active, {n} wrong passwords in a row"),
    "users_never": ("belum tercatat", "not recorded"),
    "users_you": ("{name} (Anda)", "{name} (you)"),
    "users_name": ("Nama pengguna", "User name"),
    "users_name_help": ("2-40 huruf, angka, titik, garis bawah atau tanda hubung, tanpa spasi",
                        "2-40 letters, digits, dots, underscores or hyphens, no spaces"),
    "users_role": ("Peran", "Role"),
    "users_password": ("Kata sandi", "Password"),
    "users_password_help": ("Minimal {n} karakter.", "At least {n} characters."),
    "users_repeat": ("Ulangi kata sandi", "Repeat the password"),
    "users_who": ("Pengguna", "User"),
    "users_add": ("Tambah pengguna", "Add a user"),
    "users_add_submit": ("Tambahkan", "Add"),
    "users_role_change": ("Ubah peran", "Change a role"),
    "users_role_new": ("Peran baru", "New role"),
    "users_role_submit": ("Ubah peran", "Change the role"),
    "users_password_set": ("Ganti kata sandi pengguna", "Set a user's password"),
    "users_password_new": ("Kata sandi baru", "New password"),
    "users_password_submit": ("Simpan kata sandi", "Save the password"),
    "users_password_note": ("Kata sandi baru juga membuka kunci akun. Sampaikan kepada penggunanya secara langsung.",
                            "A new password also unlocks the account. Hand it to its user in person."),
    "users_unlock": ("Buka kunci akun", "Unlock an account"),
    "users_unlock_note": (
        "Akun terkunci {minutes} menit setelah {n} kata sandi salah berturut-turut; buka lebih cepat di sini bila "
        "penggunanya sudah Anda kenali.",
        "An account locks for {minutes} minutes after {n} wrong passwords in a row; unlock it sooner here once you "
        "know it was its user."),
    "users_unlock_none": ("Tidak ada akun yang terkunci.", "No account is locked."),
    "users_unlock_submit": ("Buka kunci", "Unlock"),
    "users_remove": ("Hapus pengguna", "Remove a user"),
    "users_remove_confirm": ("Ya, hapus akun ini", "Yes, remove this account"),
    "users_remove_submit": ("Hapus", "Remove"),
    "users_remove_unconfirmed": ("Centang konfirmasi dulu untuk menghapus {name}.",
                                 "Tick the confirmation first to remove {name}."),
    "users_done_add": ("Pengguna {name} ({role}) ditambahkan.", "User {name} ({role}) added."),
    "users_done_role": ("Peran {name} sekarang {role}.", "{name} is now {role}."),
    "users_done_role_same": ("{name} sudah {role}; tidak ada yang berubah.", "{name} is already {role}; nothing changed."),
    "users_done_password": ("Kata sandi {name} diganti.", "The password of {name} was set."),
    "users_done_unlock": ("Kunci akun {name} dibuka.", "{name} is unlocked."),
    "users_done_remove": ("Pengguna {name} dihapus.", "User {name} removed."),
    "users_audit": ("Log audit terbaru", "Recent audit log"),
    "users_audit_empty": ("Log audit masih kosong.", "The audit log is empty."),
    "users_audit_col_at": ("Waktu", "Time"),
    "users_audit_col_user": ("Oleh", "By"),
    "users_audit_col_action": ("Tindakan", "Action"),
    "users_audit_col_detail": ("Rincian", "Detail"),
    "users_store_failed": (
        "Berkas akun {path} tidak dapat ditulis ({error}); tidak ada yang berubah. Coba lagi sebentar lagi, atau "
        "periksa izin folder dan ruang disknya.",
        "The accounts file {path} cannot be written ({error}); nothing changed. Try again in a moment, or check the "
        "folder's permissions and disk space."),
}
