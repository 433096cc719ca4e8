### Error pages (templates/errors/error.html).

error-title-400 = Bad request
error-title-401 = Not signed in
error-title-403 = Not allowed
error-title-404 = Not found
error-title-405 = Method not allowed
error-title-409 = Conflict
error-title-413 = Too large
error-title-415 = Unsupported format
error-title-422 = Please correct the input
error-title-429 = Too many requests
error-title-500 = Something went wrong
error-title-503 = Temporarily unavailable
error-title-other = Error
error-unavailable = Meterdesk cannot reach its database, so this page could not be shown or saved. This is usually a restart or a short outage. Wait a few seconds, then try again. If you were saving a change, open the page again first to see whether it was saved.
error-needs-role = This needs the { $role } role; you are signed in as { $current }. Ask an admin if you need it.
error-try-again = Try again
error-back-home = Back to the dashboard

## What an error page says (the API keeps its English messages).

errors-not-found = There is nothing here: it may have been removed, or the address is wrong.
errors-no-page = There is no page at this address.
errors-no-meter = No meter with the id { $id }.
errors-no-product = No product with the id { $id }.
errors-no-customer = No customer with the id { $id }.
errors-no-subscription = No subscription with the id { $id }.
errors-no-statement = No statement with the id { $id }.
errors-no-upload = No upload #{ $id }.
errors-no-operator = No operator with this id.
errors-no-api-key = No API key with this id.
errors-sign-in = Sign in to see this page.
errors-csrf = This form has expired or did not come from Meterdesk (missing or wrong CSRF token). Go back, reload the page and submit again.
errors-login-expired = The sign-in form has expired or cookies are blocked. Reload the page, allow cookies for this site, and sign in again.
errors-body-too-large = The request is larger than { $bytes } bytes. Send less at once.
errors-upload-too-large = The upload request is larger than { $bytes } bytes: send the CSV file and a few short fields.
errors-file-too-large = The file is larger than { $mb } MB. Split it into smaller files and upload each.
errors-fields-too-large = The form's fields are too large. Shorten them and send again.
errors-unreadable = The request could not be read. Go back, reload the page and try again.
errors-upload-unreadable = The upload could not be read. Choose the CSV file again and send the form from this site.
errors-bad-parameter = The parameter { $name } could not be read. Check its value.
errors-bad-text = The text sent has characters that cannot be kept (control characters or invisible marks). Remove them and send again.
errors-field-path = path segment { $n }
errors-field-query = query parameter { $name }
errors-field-form = form field { $name }
errors-text-nul = { $field } contains a NUL character (U+0000) at character { $at }; remove it.
errors-text-control = { $field } contains the control character { $code } at character { $at }; remove it.
errors-text-utf8 = Path segment { $n } is not valid UTF-8 once decoded.
errors-bad-zone = tz: this time zone is not known; use a name such as Europe/Paris or Asia/Kolkata.
errors-unsupported = The request was sent in a format this page does not read. Send the form from this site.
errors-method = { $method } is not allowed on { $path }; use { $allowed }.
errors-too-many = Too many attempts. Wait { $seconds } seconds, then try again.
errors-internal = Something went wrong on our side. The details are in the server log.
errors-database-down = The database is not answering. Try again in a moment.
