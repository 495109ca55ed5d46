"""The immigration office's messages to users, in the four UI languages.

Each English text is exactly what the schemas (``error=`` of a validator, a
``ValidationError``) or the veto produce: the UI looks the translation up by it.
"""

from __future__ import annotations

from core import Text

#: The veto on completing a residence permit that expired by the day of sending.
PERMIT_EXPIRED = (
    "The permit's 'valid until' date must be after the day the referral was sent. "
    "Check the date on the permit."
)
#: The veto on completing an integration programme longer than the law allows.
PROGRAMME_TOO_LONG = (
    "The integration programme lasts at most 12 months: the programme end can be at most "
    "12 months after the programme start."
)

#: The reminder to the centre two weeks before the renewal deadline.
RENEWAL_DUE: Text = {
    "en": "The residence permit must be renewed: apply at the immigration office within 14 days"
    " (at least 30 days before the permit expires).",
    "ro": "Permisul de ședere trebuie prelungit: depuneți cererea la biroul de imigrări în"
    " 14 zile (cu cel puțin 30 de zile înainte de expirarea permisului).",
    "cs": "Povolení k pobytu je třeba prodloužit: podejte žádost na imigračním úřadu do 14 dní"
    " (nejméně 30 dní před skončením platnosti povolení).",
    "uk": "Дозвіл на проживання потрібно продовжити: подайте заяву до імміграційного офісу"
    " протягом 14 днів (щонайменше за 30 днів до закінчення строку дії дозволу).",
}
MESSAGES: tuple[Text, ...] = (
    {
        "en": "Give the expiry date of the current document for a renewal.",
        "ro": "Pentru prelungire, indicați data expirării documentului actual.",
        "cs": "U prodloužení zadejte datum konce platnosti současného dokladu.",
        "uk": "Для продовження вкажіть дату закінчення строку дії чинного документа.",
    },
    {
        "en": "The programme must end after it starts.",
        "ro": "Programul trebuie să se încheie după ce începe.",
        "cs": "Program musí skončit až po svém začátku.",
        "uk": "Програма має закінчитися пізніше, ніж почнеться.",
    },
    {
        "en": PERMIT_EXPIRED,
        "ro": "Data „Valabil până la” de pe permis trebuie să fie ulterioară zilei în care a "
        "fost transmisă trimiterea. Verificați data de pe permis.",
        "cs": "Datum „Platné do“ na povolení musí být pozdější než den odeslání předání. "
        "Zkontrolujte datum na povolení.",
        "uk": "Дата «Дійсна до» на посвідці має бути пізнішою за день надсилання направлення. "
        "Перевірте дату на посвідці.",
    },
    {
        "en": PROGRAMME_TOO_LONG,
        "ro": "Programul de integrare durează cel mult 12 luni: sfârșitul programului poate fi "
        "cel mult la 12 luni după începutul acestuia.",
        "cs": "Integrační program trvá nejvýše 12 měsíců: konec programu smí být nejvýše "
        "12 měsíců po jeho začátku.",
        "uk": "Програма інтеграції триває не більше 12 місяців: закінчення програми має бути "
        "не пізніше ніж через 12 місяців після її початку.",
    },
)
