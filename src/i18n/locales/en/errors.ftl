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
