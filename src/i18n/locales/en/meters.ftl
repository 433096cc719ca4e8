### Meters: the list, the form with its filter builder, a meter's page, the live stream, the
### test bench, and the meter messages shown in the portal (validation, bench checks, filter
### explanations). Identifiers (event names, metadata keys, ids, units) stay as typed.

## templates/meters/list.html

meters-list-title = Meters
meters-list-new = New meter
meters-list-tabs-label = Meter status
meters-list-tab-active = Active
meters-list-tab-archived = Archived
meters-list-empty-editor = No meters yet — <a href="/meters/new">create your first meter</a> to turn usage events into billable quantities.
meters-list-empty-viewer = No meters yet — an editor can create them.
meters-list-empty-archived = No archived meters.
meters-list-table-label = Meters
meters-list-col-meter = Meter
meters-list-col-event-name = Event name
meters-list-col-aggregation = Aggregation
meters-list-col-unit = Unit
meters-list-col-filter = Filter
meters-list-every-event = every event
meters-list-pager-label = Pages
meters-list-first-page = First page
meters-list-next-page = Next page

## How a meter's aggregation reads in sentences (src/meters/model.rs, aggregation_words).
## { $key } is the metadata key the meter reads, e.g. tokens.

meters-aggregation-words-count = count of events
meters-aggregation-words-sum = sum of { $key }
meters-aggregation-words-max = maximum of { $key }
meters-aggregation-words-min = minimum of { $key }
meters-aggregation-words-avg = average of { $key }
meters-aggregation-words-last = last value of { $key }
meters-aggregation-words-unique-count = number of distinct values of { $key }

## templates/meters/form.html

meters-form-title-new = New meter
meters-form-title-edit = Edit meter
meters-form-crumb-new = New
meters-form-crumb-edit = Edit
meters-form-save-hidden = Save
meters-form-section-meter = Meter
meters-form-name-label = Name
meters-form-name-help = Shown in reports, e.g. Tokens, API calls.
meters-form-description-label = Description (optional)
meters-form-event-name-label = Event name
meters-form-event-name-help = The event_name your product sends, e.g. api.call. Matched exactly and case-sensitively: API.call is a different event.
meters-form-section-aggregation = Aggregation
meters-form-aggregation-label = Aggregation
meters-form-aggregation-key-label = Property (for all but count)
meters-form-aggregation-key-help = The metadata key to read, e.g. tokens or user_id. Sum, max, min, average and last need a number; unique count takes any value. Leave empty for count.
meters-form-unit-label = Unit
meters-form-unit-help = Shown beside quantities: calls, tokens, GB.
meters-form-filter-title = Event filter
meters-form-filter-enabled = Only count events that match these conditions
meters-form-filter-help = Conditions compare a metadata key with a value. Text comparisons are case-sensitive; “greater than” and the like compare numbers only. A condition on a key the event lacks is false. Groups nest up to 3 levels with 1–10 clauses each.
meters-form-preview-title = Preview: this month per customer
meters-form-preview-empty = No customer has usage for this meter this month, before or after the change.
meters-form-preview-col-customer = Customer
meters-form-preview-col-now = Now
meters-form-preview-col-after = After the change
meters-form-preview-changed = changed
meters-form-preview-help = Nothing is saved yet. Saving recomputes this meter's usage from the stored events.
meters-form-preview-button = Preview the change
meters-form-save = Save changes
meters-form-create = Create meter
meters-form-cancel = Cancel

## The aggregation select (src/portal/meters/pages.rs, FormPage::aggregations).

meters-form-aggregation-count = Count — number of events
meters-form-aggregation-sum = Sum — total of a property
meters-form-aggregation-max = Max — largest value of a property
meters-form-aggregation-min = Min — smallest value of a property
meters-form-aggregation-avg = Average — mean value of a property
meters-form-aggregation-last = Last — latest value of a property
meters-form-aggregation-unique-count = Unique count — number of distinct values of a property

## The filter builder (templates/meters/builder.html, static/js/filter-builder.js clones it).

meters-builder-group-legend = Condition group
meters-builder-match-label = Match
meters-builder-remove-group = Remove group
meters-builder-add-condition = Add condition
meters-builder-add-group = Add group
meters-builder-key-label = Key
meters-builder-key-placeholder = e.g. region
meters-builder-comparator-label = Comparator
meters-builder-value-label = Value
meters-builder-value-placeholder = e.g. eu-west
meters-builder-remove = Remove

## Conjunctions and comparators (src/portal/meters/builder.rs conjunction_choices,
## src/metering/filter/mod.rs Operator::words). The filter in words joins conditions with
## AND / OR (Conjunction::keyword).

meters-builder-conj-and = ALL of (AND)
meters-builder-conj-or = ANY of (OR)
meters-filter-keyword-and = AND
meters-filter-keyword-or = OR
meters-operator-equals = equals
meters-operator-not-equals = not equals
meters-operator-greater-than = greater than
meters-operator-greater-than-or-equals = greater than or equals
meters-operator-less-than = less than
meters-operator-less-than-or-equals = less than or equals
meters-operator-contains = contains
meters-operator-does-not-contain = does not contain
# One condition in words: { $key } and { $value } as the operator typed them, { $operator } one of the meters-operator-* texts.
meters-filter-condition = { $key } { $operator } { $value }

## Filter builder validation (src/metering/filter/parse.rs: check_key, check_value,
## check_depth, check_clause_count), shown under the builder field.

meters-filter-key-empty = Must not be empty; give the metadata key to test, e.g. “region”.
# { $chars } is the key's length, { $max } the limit (100).
meters-filter-key-too-long = Is { $chars } characters long; keys have at most { $max }.
meters-filter-nul = Must not contain the NUL character.
meters-filter-value-too-long = Is { $chars } characters long; text values have at most { $max }.
# { $operator } is one of the meters-operator-* texts.
meters-filter-needs-number = { $operator } compares numbers; give a number such as 100.
# { $value } is what was typed; { $int } and { $frac } are the digit limits (16 and 12).
meters-filter-needs-number-too-many-digits = { $operator } compares numbers; give a number such as 100 ({ $value } has too many digits: at most { $int } before and { $frac } after the decimal point).
meters-filter-number-too-many-digits = { $value } has too many digits; numbers have at most { $int } digits before and { $frac } after the decimal point.
# { $max } is 3.
meters-filter-too-deep = Groups nest at most { $max } levels deep. Move this group's clauses up a level.
# { $max } is 10.
meters-filter-group-empty = A group holds 1 to { $max } clauses; this one has none. Add a condition or remove the group.
meters-filter-group-too-many = A group holds 1 to { $max } clauses; this one has { $count }. Split it into nested groups.
# { $given } is what was sent (quoted); { $names } the comparators' API names.
meters-filter-unknown-operator = unknown operator { $given }; use one of { $names }
meters-filter-unknown-conjunction = unknown conjunction { $given }; use "and" or "or"

## Meter form validation (src/meters/model.rs, src/validation.rs, src/metering/aggregation.rs).

meters-error-name-required = Enter a name for the meter.
meters-error-unit-required = Enter the unit shown in reports, e.g. calls, tokens, GB.
# { $max } is the length limit.
meters-error-too-long = Use at most { $max } characters.
meters-error-event-name-required = Enter the event name your product sends, e.g. api.call.
meters-error-event-name-spaces = Event names are matched exactly: remove the spaces at the start or end.
# { $given } is what was sent.
meters-error-aggregation-unknown = Unknown aggregation “{ $given }”; use one of count, sum, max, min, avg, last, unique_count.
# { $aggregation } is the aggregation's API name (sum, max…).
meters-error-aggregation-key-missing = { $aggregation } needs a key: the metadata property to read, e.g. “bytes”.
meters-error-aggregation-key-not-allowed = Count needs no key: it counts events.
meters-error-aggregation-key-too-long = The key is { $chars } characters long; keys have at most 100.
meters-error-aggregation-key-nul = The key must not contain the NUL character.
meters-error-not-found = No meter with the id { $id }.
# A text with a forbidden character; { $at } is its position, { $code } its code point (U+0007).
meters-error-text-nul = This text contains a NUL character (U+0000) at character { $at }; remove it.
meters-error-text-control = This text contains the control character { $code } at character { $at }; remove it.
# The Property field (meters-form-aggregation-key-label). { $aggregation } is the aggregation as the select names it (Sum, Average…).
meters-error-property-missing = Property: enter the metadata key to read — { $aggregation } needs one, e.g. tokens or bytes.
meters-error-property-not-allowed = Property: leave it empty for count, which counts events.
meters-error-property-too-long = Property: this key is { $chars } characters long; use at most 100.
meters-error-property-nul = Property: the key must not contain the NUL character.
# Which part of the filter builder a refusal is about: a condition numbered in the order shown
# (with its key when it has one), a group, or the filter itself.
meters-error-condition = Condition { $number }
meters-error-condition-key = Condition { $number } ({ $key })
meters-error-the-filter = The filter
meters-error-group = Group { $number }
# { $which } is one of the four above.
meters-error-filter-key-empty = { $which }: the key is empty — give the metadata key to test, e.g. “region”.
# { $message } is a meters-filter-* message.
meters-error-filter-at = { $which }: { $message }
# { $field } is the builder's label (Key, Comparator, Value).
meters-error-filter-field = { $which }, { $field }: { $message }
meters-error-filter-shape = This part of the filter is not valid: choose a comparator from the list and give a value.

## templates/meters/show.html

meters-show-archived-badge = archived
meters-show-edit = Edit
meters-show-archive = Archive
# A confirmation dialog.
meters-show-archive-confirm = Archive { $name }? It keeps its data but takes no new events.
meters-show-unarchive = Unarchive
meters-show-stats-label = This month
meters-show-events-this-month = Events this month
# { $aggregation } is meters-aggregation-words-*, capitalised by the template where the language has capitals.
meters-show-quantity-this-month = { $aggregation } this month
# { $start } and { $end } are formatted times.
meters-show-stats-note = All customers, { $start } to { $end } (calendar month). Each customer's bill follows their own cycle.
meters-show-definition-title = What it counts
# { $aggregation } (meters-aggregation-words-*), { $event } and { $unit } are wrapped in markup by the template.
meters-show-definition = The { $aggregation } in { $event } events, in { $unit }.
# Same, for a meter with a filter; { $filter } is the filter in words.
meters-show-definition-filtered = The { $aggregation } in { $event } events where { $filter }, in { $unit }.
meters-show-prop-id = Id
meters-show-prop-event-name = Event name
meters-show-prop-exact = (exact, case-sensitive)
meters-show-prop-aggregation = Aggregation
meters-show-prop-unit = Unit
meters-show-prop-filter = Filter
meters-show-prop-no-filter = none — every event with this name counts
meters-show-prop-status = Status
meters-show-prop-created = Created
meters-show-prop-updated = Updated
meters-status-active = active
meters-status-archived = archived
meters-show-cycle-title = Customers this billing cycle
meters-show-cycle-empty = No customer is subscribed to a product with this meter. <a href="/products">Link it to a product</a>, then subscribe customers.
meters-show-cycle-col-customer = Customer
meters-show-cycle-col-cycle = Cycle (own)
meters-show-cycle-col-free = Free
meters-show-cycle-col-charge = Charge
# { $count } customers are shown (always more than one).
meters-show-cycle-help = The first { $count } by customer id. All of them: <a href="/analytics/customers">Analytics → Customers</a>.
meters-show-stream-title = Live event stream
meters-show-stream-col-event-id = Event id
meters-show-stream-col-customer = Customer
meters-show-stream-col-timestamp = Timestamp
meters-show-stream-col-source = Source
meters-show-stream-all-events = All events this meter counts
meters-show-stream-refresh = Refresh
meters-show-add-usage-title = Add usage data
meters-show-manual-title = Manual entry
meters-show-manual-customer-label = Customer
meters-show-manual-customer-placeholder = Type to search by id, email or name
meters-show-manual-customer-help = The customer id, e.g. cus_QMJJtcu70R1x46.
meters-show-manual-count-label = Number of events
meters-show-manual-count-help = Each counts once. Empty means 1.
# { $key } is the metadata key the meter reads.
meters-show-manual-value-label = Value of { $key }
meters-show-manual-unique-help = The value this event counts, e.g. a user id. Values are compared as text; 1 and 1.0 are the same number.
meters-show-manual-number-help = A number, e.g. 250 or 0.5.
meters-show-manual-negative = Record a negative value (it lowers usage)
meters-show-manual-time-label = Time (optional)
meters-show-manual-time-help = Empty = now. 2024-09-23, 2024-09-23 16:22:25 ({ $zone }) or 2024-09-23T16:22:25+05:30.
meters-show-manual-properties-label = Properties for the filter
# { $filter } is the filter in words.
meters-show-manual-properties-help = key=value, one per line. This meter counts only events where { $filter }.
meters-show-manual-submit = Record usage
meters-show-upload-title = Upload usage data
# The link text; the sentence goes on with meters-show-template-rest.
meters-show-template-link = Download the CSV template
meters-show-template-rest = for this meter.
meters-show-bench-title = Why is an event not counted?
meters-show-bench-event-label = Event id
meters-show-bench-event-placeholder = e.g. evt_123
meters-show-bench-submit = Test it against this meter
# { $url } is the test bench's address.
meters-show-bench-help = Or <a href="{ $url }">paste an event as JSON</a>. The test bench shows, check by check, why this meter counts it or not.
meters-show-uploads-title = Recent uploads
meters-show-uploads-empty = None yet.
# { $accepted } of { $total } rows; { $time } is a formatted time.
meters-show-uploads-rows =
    { $total ->
        [one] { $accepted } of { $total } row accepted, { $time }
       *[other] { $accepted } of { $total } rows accepted, { $time }
    }
meters-show-uploads-all = All uploads

## templates/meters/stream.html (the live stream's rows)

meters-stream-empty = No event counted yet.

## Manual entry validation (src/ingest/manual.rs), shown under the manual entry fields.

# { $line } is the line number in the properties box.
meters-manual-error-property-line = Line { $line }: write each property as key=value, e.g. region=eu.
meters-manual-error-archived = This meter is archived and takes no new events.
meters-manual-error-customer = Choose a customer.
# { $max } is the largest number of events one entry adds.
meters-manual-error-count = For a count meter, enter how many events to add: 1 to { $max }.
meters-manual-error-unique-value = Enter the { $key } this event counts, e.g. a user id.
# { $value } is the negative number typed.
meters-manual-error-negative = { $value } is negative: it lowers this meter's usage. Tick “Record a negative value” to record it anyway, or enter a positive number.
meters-manual-error-future = { $time } is in the future: a manual entry records usage that has happened. Enter a past time, or leave the field empty for now.
meters-manual-error-number = Enter the { $key } as a number, e.g. 250 or 0.5 (no thousands separators).
meters-manual-error-no-property = This meter has no property to record.
# { $reasons } lists the failed conditions with their reasons.
meters-manual-error-filter = This meter's filter would not count the event: { $reasons }. Add the properties it needs below.

## templates/meters/test.html (the test bench)

# { $name } is the meter's name.
meters-test-title = Test an event — { $name }
meters-test-crumb = Test an event
meters-test-heading = Why is this event (not) counted?
# { $aggregation } (meters-aggregation-words-*) and { $event } are wrapped in markup by the template.
meters-test-lead = This meter counts { $aggregation } in { $event } events.
meters-test-lead-filtered = This meter counts { $aggregation } in { $event } events where { $filter }.
meters-test-stored-title = A stored event
meters-test-event-id-label = Event id
meters-test-event-id-placeholder = e.g. evt_123
meters-test-event-id-help = Copy it from <a href="/analytics/events">Events</a> or an upload's rows.
meters-test-submit = Test this event
meters-test-pasted-title = An event as JSON
meters-test-json-label = Event
meters-test-verdict-counted = counted
meters-test-verdict-not-counted = not counted
# { $source } is meters-bench-source-stored or meters-bench-source-pasted.
meters-test-counts = This meter counts the { $source }
meters-test-does-not-count = This meter does not count the { $source }
meters-test-checks-label = Checks
meters-test-col-check = Check
meters-test-col-result = Result
meters-test-col-why = Why
meters-test-passes = passes
meters-test-fails = fails
meters-test-filter-title = The filter, condition by condition
meters-test-event-title = The event
meters-test-prop-event-name = Event name
meters-test-prop-customer = Customer
meters-test-prop-timestamp = Timestamp

## The test bench's checks (src/meters/bench.rs).

# { $id } is the stored event's id.
meters-bench-source-stored = stored event { $id }
meters-bench-source-pasted = pasted event
# Pasted JSON the parser refused (src/meters/bench_json.rs). { $problem } is one of the
# meters-bench-json-* meanings below; { $line } and { $column } count from 1; { $near } is the
# text just before the place, as pasted.
meters-bench-json = This is not JSON yet: { $problem }.
meters-bench-json-at = This is not JSON yet — line { $line }, column { $column }: { $problem }.
meters-bench-json-at-near = This is not JSON yet — line { $line }, column { $column }, just after “{ $near }”: { $problem }.
meters-bench-json-unclosed-object = the text ends before the event is closed: a closing {"}"} is missing
meters-bench-json-unclosed-list = the text ends inside a list: a closing ] is missing
meters-bench-json-unclosed-string = the text ends inside quoted text: a closing " is missing
meters-bench-json-ends-before-value = the text ends where a value was expected
meters-bench-json-comma-or-brace = a comma or a closing {"}"} is expected here — is a comma missing between two entries?
meters-bench-json-comma-or-bracket = a comma or a closing ] is expected here — is a comma missing between two items?
meters-bench-json-colon = a colon is expected between a key and its value, as in "region": "eu"
meters-bench-json-key-not-quoted = keys are written in double quotes, as in "region"
meters-bench-json-trailing-comma = remove the comma before the closing bracket
meters-bench-json-trailing-characters = there is more text after the event: paste one event object
meters-bench-json-value-expected = a value is expected here: text in double quotes (not single quotes), a number, true, false or null
meters-bench-json-control-character = quoted text holds a line break or a tab: write it as \n or \t
meters-bench-json-invalid-escape = a backslash in quoted text starts an unknown escape: write \\ for a backslash
meters-bench-json-invalid-number = this number is not written as JSON writes numbers (digits, one decimal point)
meters-bench-json-other = the text is not valid JSON here
meters-bench-not-object = Paste one event object, e.g. {"{"}"event_name": "api.call", "customer_id": "cus_1", "metadata": {"{"}"region": "eu"{"}"}{"}"}.
meters-bench-metadata-not-object = metadata must be an object of keys and values.
# { $error } is the timestamp's own error.
meters-bench-timestamp-invalid = timestamp: { $error }
meters-bench-timestamp-not-string = timestamp must be a string such as 2024-09-23T16:22:25Z.
meters-bench-no-event-name = The event needs an event_name.
meters-bench-no-stored-event = No stored event has the id “{ $id }”.
meters-bench-check-event-name = Event name
meters-bench-check-status = Meter status
meters-bench-check-filter = Filter
meters-bench-check-property = Property
meters-bench-check-customer = Customer
meters-bench-check-period = Period
# { $name } is the event's name.
meters-bench-event-name-matches = “{ $name }” is this meter's event name
# { $expected } is the meter's event name.
meters-bench-event-name-differs = “{ $name }” is not “{ $expected }”
meters-bench-event-name-differs-case = “{ $name }” is not “{ $expected }” — they differ only in case or punctuation; event names are matched exactly
meters-bench-status-active = active
meters-bench-status-archived = archived: it takes no new events
meters-bench-filter-none = no filter: every event with this name counts
meters-bench-filter-holds = the conditions hold (see below)
meters-bench-filter-fails = the conditions do not hold (see below)
meters-bench-property-count = count: the event itself is the unit
meters-bench-customer-missing = no customer_id
# { $id } is the customer id.
meters-bench-customer-exists = { $id } exists
meters-bench-customer-unknown = “{ $id }” is not a known customer: events for it are refused
meters-bench-period-none = no timestamp: it would be stamped with the time of receipt
# { $time }, { $start }, { $end } are timestamps.
meters-bench-period-in = { $time } is in this month's figures
meters-bench-period-out = { $time } is outside this month ({ $start } to { $end }): it counts in its own period, not in this month's figures

## Why a property cannot be aggregated (src/metering/aggregation.rs ValueError).
## { $key } is the metadata key, { $found } the value as found ("abc", true, null, a list).

meters-value-missing = property “{ $key }” is missing
meters-value-not-number = property “{ $key }” is { $found }, not a number
meters-value-too-many-digits = property “{ $key }” is { $found }, which has too many digits (at most 16 before and 12 after the decimal point)
meters-value-no-value = property “{ $key }” is { $found }: give a string, number or boolean to count
meters-value-a-list = a list
meters-value-an-object = an object

## The filter explained condition by condition (src/metering/filter/eval.rs).

meters-explain-all-of = ALL of
meters-explain-any-of = ANY of
# { $holding } of { $total } clauses hold.
meters-explain-group-all =
    { $total ->
        [one] { $holding } of { $total } clause holds; all must hold
       *[other] { $holding } of { $total } clauses hold; all must hold
    }
meters-explain-group-any =
    { $total ->
        [one] { $holding } of { $total } clause holds; one is enough
       *[other] { $holding } of { $total } clauses hold; one is enough
    }
# { $key } is the metadata key, { $value } a value as found in the event.
meters-explain-key-missing = key { $key } is missing
meters-explain-key-null = key { $key } is null
meters-explain-key-holds = key { $key } holds { $value }
# { $filter } is the value in the condition.
meters-explain-filter-not-number = the filter value { $filter } is not a number
meters-explain-not-number = { $value } is not a number
# { $value } (the event's) and { $filter } (the condition's) compared.
meters-explain-equals = { $value } equals { $filter }
meters-explain-not-equal = { $value } does not equal { $filter }
meters-explain-equals-as-numbers = { $value } equals { $filter } (compared as numbers)
meters-explain-not-equal-as-numbers = { $value } does not equal { $filter } (compared as numbers)
meters-explain-greater = { $value } is greater than { $filter }
meters-explain-not-greater = { $value } is not greater than { $filter }
meters-explain-greater-or-equal = { $value } is greater than or equal to { $filter }
meters-explain-less = { $value } is less than { $filter }
meters-explain-not-less = { $value } is not less than { $filter }
meters-explain-less-or-equal = { $value } is less than or equal to { $filter }
meters-explain-contains = { $value } contains { $filter }
meters-explain-not-contains = { $value } does not contain { $filter }
meters-explain-case-differs = { $value } does not equal { $filter } (letter case differs; comparisons are case-sensitive)
meters-explain-not-contains-case-differs = { $value } does not contain { $filter } (letter case differs; comparisons are case-sensitive)

## Timestamps typed in the portal (src/metering/timestamp.rs), for manual entry and the bench.
## { $help } is meters-timestamp-formats, or analytics-events-time-forms-below where the page
## lists the forms under the fields.

meters-timestamp-formats = use 2024-09-23, 2024-09-23 16:22:25 (in your time zone), 2024-09-23T16:22:25Z, 2024-09-23T16:22:25+05:30 (or +0530) or Unix seconds such as 1727108545
meters-timestamp-empty = the timestamp is empty; { $help }
# { $given } is what was typed (quoted, possibly cut).
meters-timestamp-invalid = { $given } is not a timestamp we read; { $help }
meters-timestamp-not-a-date = { $given } is not a real date; { $help }
meters-timestamp-out-of-range = { $given } is out of range
meters-timestamp-milliseconds = { $given } is too large for Unix seconds (milliseconds? drop the last three digits); { $help }
# { $char } is the offending digit with its code point, { $at } its position.
meters-timestamp-non-ascii-digit = { $given } has the digit { $char } at character { $at }; use ASCII digits 0-9, as in 2024-09-23 or 2024-09-23T16:22:25Z
meters-timestamp-bad-character = { $given } has the character { $char } at character { $at }, which no timestamp holds; { $help }

## Manual entry refused (templates/meters/show.html, src/portal/meters/handlers.rs).

meters-show-manual-nothing-recorded = Nothing was recorded. Please correct the following:
# { $id } is the customer id typed (in <code>), { $link } the link meters-show-manual-create-customer.
meters-show-manual-unknown-customer = No customer has the id { $id } yet. { $link } (give it this id), then record the usage again — or pick an existing customer from the list.
meters-show-manual-create-customer = Create the customer
# { $id } is the customer id typed.
meters-manual-error-unknown-customer = No customer has the id “{ $id }”: create it first (Customers → New customer), or pick one from the list.

## templates/meters/archive.html (archiving a meter that live products price)

meters-archive-title = Archive { $name }?
meters-archive-crumb = Archive
meters-archive-live-products = Live products price this meter:
meters-archive-subscriptions =
    { $count ->
        [one] { $count } live subscription
       *[other] { $count } live subscriptions
    }
meters-archive-consequence = Archived, the meter takes no new events: usage sent for it from now on is not counted, so those subscriptions stop accruing charges for it.
meters-archive-confirm-submit = Archive anyway
meters-archive-keep = Keep it active
