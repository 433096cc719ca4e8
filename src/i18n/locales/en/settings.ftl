### Settings: preferences, the organisation, operators, API keys, the audit log, one's password.


## The settings page.

settings-title = Settings
settings-password-link = My password
settings-password-desc = Change the password you sign in with.
settings-operators-link = Operators
settings-operators-desc = Who can sign in, and with which role.
settings-api-keys-link = API keys
settings-api-keys-desc = Keys your product uses to send usage events and call the API.
settings-audit-link = Audit log
settings-audit-desc = Every change operators made, who and when.

## Your preferences: every operator's own language and time zone.

prefs-heading = Your preferences
prefs-lead = The language the portal speaks to you and the time zone it shows times in. Only your account changes.
prefs-language = Language
prefs-language-browser = As my browser asks
prefs-language-help = Without a choice, the portal follows the language your browser asks for.
prefs-language-unknown = Choose one of the listed languages.
prefs-zone-organisation = The organisation’s ({ $zone })
prefs-zone-help = Times are shown in this zone with its offset; days, weeks and months of charts follow it.
prefs-now = Now in your time zone: { $time }
prefs-save = Save my preferences

## The organisation's time zone (admins).

org-heading = Organisation
org-zone-label = Organisation time zone
org-zone-help = The time zone of every operator who has not chosen their own. Billing cycles stay anchored to each subscription’s start.
org-save = Save the organisation time zone

## Operators.

operators-title = Operators
operators-created = { $email } can now sign in.
operators-one-time-password = One-time password, shown only now — hand it over safely; it must be changed at first sign-in:
operators-add = Add an operator
operators-email = Email
operators-role = Role
operators-role-help = Admin: everything. Editor: meters, products, customers, usage. Viewer: read-only.
operators-add-submit = Add operator
operators-status = Status
operators-added = Added
operators-you = you
operators-role-of = Role of { $email }
operators-change = Change
status-disabled = disabled
status-one-time-password = one-time password
status-active = active
status-revoked = revoked
operators-enable = Enable
operators-disable = Disable
operators-disable-confirm = Disable { $email }? They are signed out at once.
operators-role-invalid = Choose admin, editor or viewer.
operators-email-exists = An operator with the email { $email } already exists.
operators-only-admin = This is the only enabled admin. Make another operator admin first.
operators-not-yourself = You cannot disable your own account.
email-empty = Enter an email address.
email-too-long = An email address has at most 254 characters.
email-invalid = Enter an email address such as ana@example.com.

## API keys.

api-keys-title = API keys
api-keys-lead = Your product sends usage with { $header } to { $path }.
api-keys-created = API key “{ $name }” created. Copy it now: it is shown only once and stored only as a hash.
api-keys-create = Create a key
api-keys-name = Name
api-keys-name-help = Where it is used, e.g. “production app”.
api-keys-create-submit = Create key
api-keys-empty = No API keys yet — create one above for your product to send usage.
api-keys-key = Key
api-keys-created-at = Created
api-keys-last-used = Last used
api-keys-by = by { $email }
api-keys-never = never
api-keys-revoke = Revoke
api-keys-revoke-confirm = Revoke “{ $name }”? Requests using it will be refused at once.
api-keys-name-invalid = Give the key a name of 1 to 100 characters, such as “production app”.
api-keys-already-revoked = This key is already revoked.

## The audit log.

audit-title = Audit log
audit-empty = Nothing recorded yet. Every change an operator makes appears here.
audit-when = When
audit-who = Who
audit-action = Action
audit-target = Target
audit-details = Details
audit-older = Older entries
audit-actor-cli = command line
audit-actor-system = Meterdesk (automatic)
audit-actor-api-key = API key “{ $name }” (#{ $id })

## Changing one's password.

password-title = Change password
password-heading = Change your password
password-forced = Your account was created with a one-time password. Choose your own password to continue.
password-current = Current password
password-new = New password
password-new-help = At least 12 characters. A few unrelated words make a good one.
password-confirm = New password, again
password-submit = Change password
password-current-wrong = The current password is not correct.
password-mismatch = The two new passwords differ.
password-same = Choose a password different from the current one.
password-too-short = Use at least 12 characters.
password-too-long = Use at most 256 characters.
