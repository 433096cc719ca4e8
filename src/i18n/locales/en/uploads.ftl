### Usage data: the uploads list, the upload form, one upload (dry run, commit, rejected rows,
### roll back) and the messages about a CSV file and its rows. Column names (timestamp,
### event_name, payload_…), error codes and ids stay as they are.

## templates/uploads/list.html

uploads-list-title = Usage data
uploads-upload-title = Upload usage data
uploads-list-no-meters = No active meters yet — <a href="/meters/new">create a meter</a> first; an upload adds events for one meter.
uploads-list-heading = Uploads
uploads-list-empty = No uploads yet. Upload a CSV above, or send events to <code>POST /api/v1/events/ingest</code>.
uploads-list-table-label = Uploads
uploads-list-col-file = File
uploads-list-col-meter = Meter
uploads-list-col-who = Who
uploads-list-col-when = When
uploads-list-col-status = Status
uploads-list-col-rows = Rows
uploads-list-col-accepted = Accepted
uploads-list-col-rejected = Rejected
# { $id } is the upload this one corrects.
uploads-list-fixes = fixes #{ $id }
uploads-list-pager-label = Pages
uploads-list-newest = Newest uploads
uploads-list-older = Older uploads
# Who made an upload when it came over the API (src/uploads/repo.rs); { $key } is the key's name.
uploads-who-api-key = API key { $key }

## templates/uploads/status.html (the status badge)

uploads-status-succeeded = succeeded
uploads-status-partially-failed = partially failed
uploads-status-failed = failed
uploads-status-dry-run = dry run
uploads-status-rolled-back = rolled back
uploads-status-processing = processing
uploads-status-all-fixed = all rows stored after fixes
uploads-status-all-fixed-title = Some rows were rejected; corrected files stored every one of them

## templates/uploads/form.html

uploads-form-meter-label = Meter
# An option of the meter select: { $name } ({ $event }).
uploads-form-meter-option = { $name } ({ $event })
uploads-form-file-label = CSV file (at most 5 MB)
uploads-form-file-help = Header: <code>timestamp,event_name,payload_customer_id,payload_&lt;property&gt;</code> — Stripe's template (<code>payload_stripe_customer_id</code>) works as is. Download a meter's template from its page.
uploads-form-dry-run = Dry run: check every row and show what each meter would gain, store nothing yet
uploads-form-submit = Upload
uploads-form-progress-label = Upload progress

## templates/uploads/new.html

uploads-new-crumb = Upload
# { $id } is the upload being corrected.
uploads-new-title-fix = Upload the corrected file for upload #{ $id }
uploads-new-no-meters = No active meters — <a href="/meters/new">create a meter</a> first.

## templates/uploads/show.html

# { $id } is the upload's number.
uploads-show-title = Upload #{ $id }
uploads-show-prop-upload = Upload
uploads-show-corrects = corrects <a href="/uploads/{ $id }">upload #{ $id }</a>
uploads-show-prop-meter = Meter
uploads-show-prop-when = When
uploads-show-prop-file = File
# { $size } is the file's size in bytes (formatted); the SHA-256 follows in markup.
uploads-show-file-size =
    { $size ->
        [one] { $size } byte, SHA-256
       *[other] { $size } bytes, SHA-256
    }
uploads-show-prop-rows = Rows
# The rows line: { $total } in the file, { $accepted }, { $duplicates } and { $rejected }
# (each wrapped in markup by the template).
uploads-show-rows = { $total } in the file: { $accepted } accepted, { $duplicates } already stored (duplicates), { $rejected } rejected
uploads-show-rows-dry-run = { $total } in the file: { $accepted } would be accepted, { $duplicates } already stored (duplicates), { $rejected } rejected
uploads-show-prop-fixed = Fixed since
# { $fixed } of { $rejected } rejected rows are now stored; links to the corrections follow.
uploads-show-fixed =
    { $rejected ->
        [one] { $fixed } of { $rejected } rejected row is now in
       *[other] { $fixed } of { $rejected } rejected rows are now in
    }
uploads-show-prop-rolled-back = Rolled back
# Follows the time of the roll back.
uploads-show-rolled-back = its events were voided and no longer count
uploads-show-prop-committed = Committed as
uploads-show-committed-link = upload #{ $id }
uploads-show-api-dry-run-title = Dry run over the API — nothing is stored
uploads-show-api-dry-run-note = This dry run was made over the API. It keeps its rejected rows (see the error file below) but not the file: to store the rows, upload the corrected file again.
uploads-show-commit-title = Dry run — nothing is stored yet
# { $id } is the earlier upload of the same file, { $time } when it was made.
uploads-show-same-file = This very file was uploaded before as <a href="/uploads/{ $id }">upload #{ $id }</a> ({ $time }). Uploading it again adds its rows again unless they carry an identifier.
uploads-show-confirm-duplicate = Yes, upload this file again
uploads-show-commit =
    { $count ->
        [one] Commit: store the { $count } accepted row
       *[other] Commit: store the { $count } accepted rows
    }
uploads-show-gains-title = What each meter gained
uploads-show-gains-title-dry-run = What each meter would gain
uploads-show-gains-col-meter = Meter
uploads-show-gains-col-customer = Customer
uploads-show-gains-col-events = Events
uploads-show-gains-col-quantity = Quantity
# After a quantity, which aggregation it is.
uploads-show-gains-max = (max)
uploads-show-gains-min = (min)
uploads-show-gains-avg = (average)
uploads-show-gains-last = (last)
uploads-show-gains-unique-count = (distinct values in the file)
uploads-show-rejects-title = Rejected rows
uploads-show-rejects-help = Download the error file: the rejected rows as uploaded, with an <code>error</code> column. Fix them there and upload the file again below.
uploads-show-download-errors = Download the error file
# Then a list of "code × rows".
uploads-show-by-reason = By reason:
uploads-show-reason-count = { $code } × { $count }
uploads-show-rejects-col-row = Row
uploads-show-rejects-col-reason = Reason
uploads-show-rejects-col-cells = Cells
# { $shown } rows are shown of { $total } rejected.
uploads-show-rejects-more = The first { $shown } are shown; the error file has all { $total }.
uploads-show-fix-title = Upload the corrected file
uploads-show-fix-file-label = Corrected CSV
uploads-show-fix-submit = Upload the corrected file
uploads-show-rollback-title = Roll back
uploads-show-rollback-help =
    { $count ->
        [one] Voids the { $count } event this upload stored: it stops counting, usage is recomputed, and the action is recorded in the audit log.
       *[other] Voids the { $count } events this upload stored: they stop counting, usage is recomputed, and the action is recorded in the audit log.
    }
# A confirmation dialog.
uploads-show-rollback-confirm =
    { $count ->
        [one] Roll back upload #{ $id }? Its { $count } event stops counting.
       *[other] Roll back upload #{ $id }? Its { $count } events stop counting.
    }
uploads-show-rollback-submit = Roll back this upload

## Refusals of the upload form (src/portal/uploads/handlers.rs, src/uploads/service.rs,
## src/web/multipart.rs).

uploads-error-empty-file = The file is empty.
uploads-error-no-file = Choose a CSV file to upload.
uploads-error-same-file = This file was uploaded before as upload #{ $id }. Tick the confirmation to upload it again.
uploads-error-no-meter = No meter with the id { $id }.
# { $name } is the meter's name.
uploads-error-meter-archived = Meter { $name } is archived and takes no new events; unarchive it first.
uploads-error-no-upload = No upload #{ $id }.
uploads-error-fix-other-meter = A corrected file goes to the same meter as the upload it fixes.
# { $mb } is the size limit in MB.
uploads-error-too-large = The file is larger than { $mb } MB. Split it into smaller files and upload each.
uploads-error-not-dry-run = Upload #{ $id } is not a dry run.
uploads-error-dry-run-no-file = Dry run #{ $id } was made over the API and did not keep its file: upload the file again to store it.
uploads-error-already-committed = This dry run was already committed as upload #{ $id }.
# { $status } is one of the uploads-status-* texts.
uploads-error-cannot-roll-back = Only an upload that stored events can be rolled back; this one is { $status }.
# Added after a refusal that stopped processing.
uploads-error-nothing-stored = { $message } Nothing from this file was stored.
uploads-error-database = Processing stopped on a database error and nothing from this file was stored. Upload it again; if it fails again, the details are in the server log.
# { $error } is the technical reason.
uploads-error-unreadable-form = The upload could not be read: { $error }. Send the form as multipart/form-data with the file in the field “file”.
uploads-error-request-too-large = The upload request is larger than { $bytes } bytes: send the CSV file (at most { $mb } MB) and a few short fields.
uploads-error-file-twice = The field “file” is sent twice; send one file per upload.

## The CSV header (src/uploads/csv_file/header.rs). The problems found are joined, then
## uploads-header-expected is added.

uploads-header-first-line = The first line must be the header.
# { $separator } is uploads-header-separator-tabs or a quoted character such as ";".
uploads-header-wrong-separator = The columns are separated by { $separator }, not commas. Save the file as CSV with commas (in Excel: CSV UTF-8 (Comma delimited)).
uploads-header-separator-tabs = tabs
# { $column } is the column's position (1, 2…).
uploads-header-column-unnamed = Column { $column } has no name.
# { $name } is the column's name as found; { $problem } is uploads-text-nul or uploads-text-control.
uploads-header-column-bad-text = Column { $name } { $problem }.
# { $expected } is the right column name.
uploads-header-column-should-be = Column { $name } should be { $expected }.
uploads-header-payload-no-key = Column “payload_” has no property name after payload_.
uploads-header-payload-key-too-long = Column { $name } names a property of { $chars } characters; at most { $max }.
# { $columns } is a list of names; { $count } how many.
uploads-header-unknown =
    { $count ->
        [one] Unknown column { $columns }.
       *[other] Unknown columns { $columns }.
    }
uploads-header-repeated =
    { $count ->
        [one] Column { $columns } appears more than once.
       *[other] Columns { $columns } appear more than once.
    }
uploads-header-two-customer-columns = Use one customer column, payload_customer_id or payload_stripe_customer_id, not both.
uploads-header-missing =
    { $count ->
        [one] Missing column { $columns }.
       *[other] Missing columns { $columns }.
    }
# Ends a long list of names: "a, b, c and 4 more".
uploads-header-list-more = { $list } and { $count } more
# { $header } is the expected header line.
uploads-header-expected = Expected header: { $header } (Stripe's payload_stripe_customer_id works too; identifier and other payload_… columns are optional).
uploads-file-unreadable = The file could not be read as CSV: { $error }
uploads-file-unreadable-at = The file could not be read as CSV (line { $line }): { $error }
uploads-file-unclosed-quote = The quote (") that opens a cell on line { $line } is never closed, so the rest of the file would read as one cell. Close the quote (write "" for a quote inside a quoted cell) and upload again.

## Why a row is rejected (src/uploads/csv_file/mod.rs, src/ingest/pipeline.rs, src/text.rs),
## shown in the rejected rows table and the error file's error column.

# { $count } cells in the row, { $width } in the header.
uploads-row-wrong-cell-count =
    { $count ->
        [one] row has { $count } cell, the header has { $width }
       *[other] row has { $count } cells, the header has { $width }
    }
# { $error } is a meters-timestamp-* message.
uploads-row-timestamp = timestamp: { $error }
uploads-row-no-event-name = event_name is empty
# { $column } is the customer column's name.
uploads-row-no-customer = { $column } is empty
uploads-row-identifier-too-long = identifier is { $chars } characters long; at most { $max }
# { $key } is the property; the column is payload_{ $key }.
uploads-row-value-too-long = payload_{ $key } is { $chars } characters long; at most { $max }
# { $column } is the column's name, { $at } the character's position.
uploads-row-nul = { $column } contains a NUL character (U+0000) at character { $at }; remove it
# { $code } is the character's code point, e.g. U+0007.
uploads-row-control = { $column } contains the control character { $code } at character { $at }; remove it
uploads-row-cell = cell { $number }
# A text with a forbidden character (src/text.rs TextError::message), after a column name.
uploads-text-nul = contains a NUL character (U+0000) at character { $at }; remove it
uploads-text-control = contains the control character { $code } at character { $at }; remove it
uploads-row-unknown-customer = No customer has the id “{ $id }” (column payload_customer_id): create it on the Customers page (Customers → New customer), or correct the id, then upload the error file again
# { $name } is the event name; { $suggestion } a meter's event name that differs only in case.
uploads-row-no-meter = no active meter listens to event_name “{ $name }” — create a meter for it first, or check the spelling (event names are case-sensitive)
uploads-row-no-meter-did-you-mean = no active meter listens to event_name “{ $name }” — did you mean “{ $suggestion }”? Event names are case-sensitive
# { $meter } and { $id } name the meter, { $what } its aggregation in words (meters-aggregation-words-*
# of the column payload_…);
# { $reason } is an uploads-row-value-* message.
uploads-row-property = meter “{ $meter }” ({ $id }) takes the { $what }: { $reason }

## The portal's words for the upload messages above (src/portal/uploads/messages.rs).

uploads-row-value-missing = column payload_{ $key } is missing
uploads-row-value-not-number = column payload_{ $key } is { $found }, not a number
uploads-row-value-too-many-digits = column payload_{ $key } is { $found }, which has too many digits (at most 16 before and 12 after the decimal point)
uploads-row-value-no-value = column payload_{ $key } is { $found }: give a string, number or boolean to count
uploads-row-timestamp-future = timestamp { $time } is more than { $minutes } minutes in the future (server time { $now }); check the sender's clock
uploads-file-not-csv = This file is { $kind }, not a CSV file. Upload the usage as a CSV file: in a spreadsheet, File → Save as / Download → CSV UTF-8, or fill in the meter's CSV template.
uploads-file-kind-pdf = a PDF document
uploads-file-kind-xlsx = an Excel workbook (.xlsx)
uploads-file-kind-ods = an OpenDocument spreadsheet or document (.ods, .odt)
uploads-file-kind-docx = a Word document (.docx)
uploads-file-kind-zip = a ZIP archive
uploads-file-kind-xls = an older Office file (such as an Excel .xls workbook)
uploads-file-kind-png = a PNG image
uploads-file-kind-jpeg = a JPEG image
uploads-file-kind-gif = a GIF image
uploads-file-kind-webp = a WebP image
uploads-file-kind-gzip = a gzip-compressed file
uploads-file-not-utf8 = The file is not UTF-8 (line { $line }). Save it as CSV UTF-8 and upload again.
uploads-file-no-rows = The file has no rows: under the header line, add one line per usage event (see the template).
uploads-form-upload-failed = The upload did not reach the server. Check the connection and try again.

## templates/uploads/list.html and show.html, added with the page's conversion

uploads-list-kinds-label = Which uploads
uploads-list-tab-uploads = Uploads
uploads-list-tab-dry-runs = Dry runs
uploads-list-tab-all = All
uploads-list-empty-dry-runs = No dry runs.
uploads-show-all-fixed = Every row of this file is stored.
