### Analytics: the overview and its chart, the events table, one event (its lineage, which
### meters count it, the void form), events no meter counts, the customers table with its CSV
### export, and reconciliation. Event names, ids, metadata keys and CSV headers stay as they are.

## templates/analytics/nav.html

analytics-nav-label = Analytics
analytics-nav-overview = Overview
analytics-nav-events = Events
analytics-nav-customers = Customers
analytics-nav-unmatched = Unmatched events
analytics-nav-reconciliation = Reconciliation

## templates/analytics/overview.html

analytics-overview-title = Analytics
analytics-overview-activity = Activity
analytics-overview-events-month = Events this month
# { $count } is formatted by the code.
analytics-overview-events-all = { $count } all time
analytics-overview-active-month = Active customers this month
analytics-overview-active-all = { $count } ever sent usage
analytics-overview-charges = Usage charges, current cycles
# { $time } is a formatted time.
analytics-overview-charges-sub =
    { $count ->
        [one] { $count } subscription, as of { $time }
       *[other] { $count } subscriptions, as of { $time }
    }
analytics-overview-month-note = This month: since { $time }. Each customer's bill follows their own cycle — see <a href="/analytics/customers">Customers</a>.
analytics-overview-usage-title = Usage per meter
analytics-overview-no-meters = No active meters yet — <a href="/meters/new">create one</a>.
analytics-overview-col-meter = Meter
analytics-overview-col-aggregation = Aggregation
analytics-overview-col-month = This month
analytics-overview-col-all-time = All time
analytics-overview-chart-title = Meter quantity
analytics-overview-range = Range
analytics-overview-range-7d = 7 days
analytics-overview-range-30d = 30 days
analytics-overview-range-90d = 90 days
analytics-overview-range-12m = 12 months
analytics-overview-range-custom = Custom
analytics-overview-custom-from = Custom range from
analytics-overview-custom-to = Custom range to
analytics-overview-from = From
analytics-overview-to-exclusive = To (exclusive)
analytics-overview-granularity = Granularity
analytics-overview-granularity-day = Day
analytics-overview-granularity-week = Week
analytics-overview-granularity-month = Month
analytics-overview-meters = Meters
analytics-overview-update = Update chart
analytics-overview-chart-empty = Nothing to chart yet: meters show here once they count events.
analytics-overview-chart-refused = No chart for this range: correct it above, then Update chart.
analytics-overview-show-data = Show data

## The overview's chart and its validation (src/portal/analytics/overview.rs,
## src/analytics/chart/mod.rs, src/analytics/chart/time.rs).

analytics-overview-error-custom-range = Give both dates of a custom range.
analytics-error-end-before-start = The end must be after the start.
# { $max } is the largest number of bars.
analytics-overview-error-too-many-bars = That is more than { $max } bars: choose a coarser granularity or a shorter range.
# A panel's description: { $title } (the meters in it), then the facts.
analytics-chart-summary = { $title }; { $facts }
# Joins meter names: "A and B", "A, B and C" ({ $rest } is already joined with commas).
analytics-chart-names-and = { $rest } and { $last }
# A series heading in the data table: { $name } ({ $unit }).
analytics-chart-series-unit = { $name } ({ $unit })
analytics-chart-no-periods = no periods in the range
# { $quantity } with its unit.
analytics-chart-zero-every-day = { $quantity } every day
analytics-chart-zero-every-week = { $quantity } every week
analytics-chart-zero-every-month = { $quantity } every month
# { $when } is analytics-chart-on-day or analytics-chart-in-period.
analytics-chart-max = max { $quantity } { $when }
analytics-chart-max-min = max { $quantity } { $when }, min { $min } { $min-when }
analytics-chart-on-day = on { $period }
analytics-chart-in-period = in { $period }
# With several meters in a panel, each one's facts: { $name }: { $facts }.
analytics-chart-series-facts = { $name }: { $facts }
# A bar's tooltip.
analytics-chart-bar = { $name } · { $period } · { $value }
analytics-chart-bar-unit = { $name } · { $period } · { $value } { $unit }
# The x axis and hover title name a week by its Monday: week of { $date }.
analytics-chart-week-of = week of { $date }
# A bar's period in its hover title, between instants in the operator's zone with their offsets.
analytics-chart-bar-period = { $period }, { $start } to { $end }
# A panel's title: the meters, then the range's first and last local days.
analytics-chart-title-day = { $names } per day, { $from } to { $to }
analytics-chart-title-week = { $names } per week, { $from } to { $to }
analytics-chart-title-month = { $names } per month, { $from } to { $to }
# A panel's description as a sentence.
analytics-chart-sentence = { $facts }.
# Short y-axis labels: { $n } thousand, million, billion, trillion.
analytics-chart-tick-thousand = { $n }k
analytics-chart-tick-million = { $n }M
analytics-chart-tick-billion = { $n }B
analytics-chart-tick-trillion = { $n }T

## templates/analytics/events.html

analytics-events-title = Events
analytics-events-unmatched-link = Events no meter counts
analytics-events-lead = Every stored usage event, newest first. Open one to see its metadata, where it came from and which meters count it.
analytics-events-filter-label = Filter events
analytics-events-meter-label = Meter
analytics-events-any-event = Any event
# An option: { $name } ({ $event }).
analytics-events-meter-option = { $name } ({ $event })
analytics-events-meter-option-archived = { $name } ({ $event }) — archived
analytics-events-meter-help = Only the events the meter counts: its event name and filter.
analytics-events-event-name-label = Event name
analytics-events-event-name-help = Exact and case-sensitive, e.g. api.call.
analytics-events-customer-label = Customer id
analytics-events-customer-help = Exact, e.g. cus_QMJJtcu70R1x46.
analytics-events-from-label = From (event time)
analytics-events-from-help = Inclusive.
analytics-events-to-label = To
analytics-events-to-help = Exclusive; a date alone includes that day.
analytics-events-source-label = Source
analytics-events-any-source = Any source
analytics-source-api = API
analytics-source-manual = Manual entry
analytics-source-upload = CSV upload
analytics-source-stripe = Stripe meter events
analytics-source-cloudevents = CloudEvents
analytics-events-apply = Apply filters
analytics-events-clear = Clear
analytics-events-times-help = Times: 2024-09-23, 2024-09-23 16:22 or 2024-09-23 16:22:25, 2024-09-23T16:22:25Z, 2024-09-23T16:22:25+05:30, or Unix seconds such as 1727108545. Times without a zone are in your time zone ({ $zone }).
# { $meter } links to the meter; { $event } is its event name.
analytics-events-meter-scope = Events { $meter } counts: { $event } events.
analytics-events-meter-scope-filtered = Events { $meter } counts: { $event } events where { $filter }.
analytics-events-meter-scope-archived = Events { $meter } counts: { $event } events, received before it was archived on { $time }.
analytics-events-meter-scope-filtered-archived = Events { $meter } counts: { $event } events where { $filter }, received before it was archived on { $time }.
analytics-events-no-more = No more events. <a href="{ $url }">Back to the newest</a>.
analytics-events-empty = No events yet — send them to <code>POST /api/v1/events/ingest</code> with an API key, or add usage on a <a href="/meters">meter's page</a> (manual entry or CSV upload).
analytics-events-no-match = No event matches these filters.
# { $listens } is the meter's event name, { $asked } the event name filter.
analytics-events-name-conflict = The meter listens to { $listens } but the event name filter asks for { $asked }: clear one of them.
analytics-events-unknown-customer = There is no customer with the id { $id } — customer ids are exact and case-sensitive. <a href="{ $url }">Search customers</a>.
analytics-events-no-match-help = Event names and customer ids are matched exactly. Try widening the time range, or look at <a href="/analytics/unmatched">events no meter counts</a>.
analytics-events-table-label = Events
analytics-events-col-event-name = Event name
analytics-events-col-event-id = Event id
analytics-events-col-customer = Customer
analytics-events-col-timestamp = Timestamp
analytics-events-col-source = Source
# Link titles.
analytics-events-only-named = Only events named { $name }
analytics-events-only-customer = Only this customer's events
analytics-events-source-stripe = Stripe
analytics-events-source-upload = Upload
analytics-events-source-upload-number = Upload #{ $id }
analytics-events-source-upload-row = Upload #{ $id }, row { $row }
analytics-events-pager-label = Pages
analytics-events-newest = Newest
analytics-events-next = Next page

## Events table validation (src/analytics/events/query.rs, service.rs).

# Ends a timestamp error (meters-timestamp-*) on this page, whose help lists the forms.
analytics-events-time-forms-below = use one of the forms listed below
analytics-events-error-range = The end of the range must be after its start.
analytics-events-error-source = Choose API, manual entry, upload, Stripe or CloudEvents.
analytics-events-error-no-meter = There is no meter with the id { $id }; choose one from the list.

## templates/analytics/event.html

# { $id } is the event id.
analytics-event-title = Event { $id }
analytics-event-heading = Event
analytics-event-voided-badge = voided
analytics-event-customer-events = This customer's events
# { $time } is when it was voided; { $reason } the reason given.
analytics-event-voided-with-reason = <strong>Voided { $time }</strong>, with the reason: <q>{ $reason }</q>. This event no longer counts for any meter. Its id stays taken: the same event sent again is a duplicate. It is kept here for the record.
# { $upload } is a link to the upload or analytics-event-its-upload.
analytics-event-voided-by-rollback = <strong>Voided { $time }</strong>: { $upload } was rolled back, so this event no longer counts for any meter and its id is free to be sent again. It is kept here for the record.
analytics-event-its-upload = its upload
analytics-event-upload-link = upload #{ $id }
analytics-event-fields-label = Event fields
analytics-event-prop-id = Event id
analytics-event-prop-name = Event name
analytics-event-matched-exactly = (matched exactly, case-sensitive)
analytics-event-prop-customer = Customer
analytics-event-no-customer = (no such customer any more)
analytics-event-prop-timestamp = Timestamp
analytics-event-prop-received = Received
analytics-event-receipt-order = (receipt order #{ $seq })
analytics-event-prop-source = Source

## Where an event came from (the Source line of templates/analytics/event.html).
## { $key } is an API key's name, { $id } a number.

analytics-lineage-api-key = Sent with API key «{ $key }» (#{ $id })
analytics-lineage-api-key-deleted = Sent with API key #{ $id } (deleted since)
analytics-lineage-api = Sent over the API
analytics-lineage-revoked = revoked
# { $email } is the operator's email.
analytics-lineage-manual = Entered by { $email } on a meter page
analytics-lineage-manual-gone = Entered by operator #{ $id } (no longer exists) on a meter page
analytics-lineage-manual-unknown = Entered by hand on a meter page
# { $row } is the row number; { $upload } describes the upload (the messages below).
analytics-lineage-upload-row = Row { $row } of { $upload }
analytics-lineage-upload-some-row = A row of { $upload }
# { $file } is the file's name, { $time } when it was uploaded.
analytics-lineage-upload = upload #{ $id } ({ $file }), uploaded { $time }
analytics-lineage-upload-by = upload #{ $id } ({ $file }), uploaded { $time } by { $email }
analytics-lineage-upload-with-key = upload #{ $id } ({ $file }), uploaded { $time } with API key «{ $key }» (#{ $key-id })
# Added after the upload when it was rolled back.
analytics-lineage-upload-rolled-back = — rolled back { $time }
analytics-lineage-upload-gone = upload #{ $id }
analytics-lineage-an-upload = an upload
analytics-lineage-stripe = Sent as a Stripe meter event (through <code>/stripe</code>)
analytics-lineage-cloudevent = Sent as a CloudEvent (to <code>POST /api/v1/events</code>)
# Added after analytics-lineage-stripe or -cloudevent.
analytics-lineage-with-key = with API key «{ $key }» (#{ $id })
analytics-lineage-with-key-deleted = with API key #{ $id } (deleted since)

## The event's metadata and which meters count it (templates/analytics/event.html).

analytics-event-metadata-title = Metadata
analytics-event-metadata-empty = No metadata: the event carries only its name, customer and time. Meters with a filter or an aggregation other than <code>count</code> need properties.
analytics-event-metadata-label = Metadata
analytics-event-col-key = Key
analytics-event-col-value = Value
analytics-event-col-type = Type
analytics-event-reads-as-number = (reads as a number)
# Types of a metadata value.
analytics-value-type-string = string
analytics-value-type-number = number
analytics-value-type-boolean = boolean
analytics-value-type-null = null
analytics-value-type-list = list
analytics-value-type-object = object
analytics-event-meters-title = Which meters count it
analytics-event-voided-counts-none = None: voided events count for no meter.
# { $name } is the event name.
analytics-event-no-meter = No meter listens to { $name }, so this event counts nowhere yet. It is kept: a meter created for this name later counts it too.
# { $suggestion } is a near event name a meter listens to.
analytics-event-did-you-mean = <strong>Did you mean «{ $suggestion }»?</strong> A meter listens to { $link }; event names are matched exactly, so letter case and punctuation must be the same.
analytics-event-create-meter = <a href="/meters/new">Create a meter</a> for { $name }.
analytics-event-counted-by-none = <strong>No meter counts this event.</strong> The reasons are below, meter by meter.
# { $meters } is the list of meters (links).
analytics-event-counted-by = Counted by { $meters }.
analytics-event-all-archived = Every meter of this name is archived.
analytics-event-badge-active = active
analytics-event-badge-archived = archived
analytics-event-badge-counted = counted
analytics-event-badge-not-counted = not counted
# { $aggregation } is the meter's aggregation in words, { $event } the event name, { $unit } the unit.
analytics-event-definition = The { $aggregation } in { $event } events, in { $unit }.
analytics-event-definition-filtered = The { $aggregation } in { $event } events where { $filter }, in { $unit }.
analytics-event-archived-before = Archived on { $time }, before this event was received: an archived meter takes no new events.
analytics-event-archived-after = Archived on { $time }; it keeps counting the events received before then, this one included.
analytics-event-filter-passes = Filter: the event passes it.
analytics-event-filter-excludes = Filter: <strong>the filter excludes the event.</strong>
# { $name } is the meter's name.
analytics-event-filter-table-label = Filter of { $name }, condition by condition
analytics-event-col-condition = Condition
analytics-event-col-result = Result
analytics-event-col-why = Why
analytics-event-holds = holds
analytics-event-fails = fails
# { $error } is why the value cannot be read.
analytics-event-value-error = The { $aggregation } cannot read this event: <strong>{ $error }</strong>.
# { $value } is the quantity, { $unit } the meter's unit.
analytics-event-adds = Adds { $value } { $unit }.
analytics-event-would-add = Would add { $value } { $unit }.
analytics-event-counts-one = Counts as 1 event.
analytics-event-would-count-one = Would count as 1 event.

## The void form (templates/analytics/event.html, src/ingest/void/mod.rs).

analytics-void-title = Void this event
analytics-void-help = A voided event stops counting for every meter, at once and in every report. It is kept for the record with your reason, and its id stays taken: if the same event is sent again it is a duplicate. A cycle already closed into a statement is not changed; the correction shows on the next statement.
analytics-void-reason-label = Reason
analytics-void-reason-help = For example “sent twice by a retry” or “test traffic”. Kept with the event and in the audit log.
analytics-void-submit = Void this event
analytics-void-error-reason-required = Say why the event is voided (for example “sent twice by a retry”): the reason is kept with the event and in the audit log.
# { $chars } characters given, { $max } allowed.
analytics-void-error-reason-too-long = The reason has { $chars } characters; at most { $max }.
analytics-void-error-not-found = No event with the id “{ $id }” is stored. Ids are matched exactly.
analytics-void-error-already = The event “{ $id }” was voided already, at { $time }; it no longer counts.
analytics-void-error-wrong-name = The event “{ $id }” has the event name “{ $actual }”, not “{ $expected }”; nothing was voided.
analytics-event-voided-copies-other = Other voided copies of this id
analytics-event-voided-copies-earlier = Earlier voided copies of this id
analytics-event-voided-copies-label = Voided copies
analytics-event-copies-col-why = Why
analytics-event-copies-col-voided = Voided
analytics-event-copies-col-name = Event name
analytics-event-copies-col-customer = Customer
analytics-event-copies-col-timestamp = Timestamp
analytics-event-voided-own = Voided on its own: { $reason }
# { $upload } links to the upload.
analytics-event-voided-rollback = { $upload } rolled back
analytics-event-voided-rollback-row = { $upload }, row { $row } rolled back
analytics-event-not-found-title = Event not found
analytics-event-not-found = No event with the id { $id } is stored, and none was voided.
analytics-event-not-found-help = Ids are matched exactly. An event the ingest API rejected is not stored: its reason is in the API response (or, for a CSV upload, in the upload's error file). Find events by customer, name or time in the <a href="/analytics/events">events table</a>.

## templates/analytics/unmatched.html

analytics-unmatched-title = Events no meter counts
analytics-unmatched-all-events = All events
analytics-unmatched-lead = Usage that arrives but bills nothing usually has an event name that differs from the meter's (letter case, <code>.</code> vs <code>-</code> or <code>_</code>), or a meter filter that excludes it. These events are stored: fix the sender, or create or edit a meter, and they count.
analytics-unmatched-window-label = Time window
analytics-unmatched-last-days = Last { $days } days
analytics-unmatched-names-title = Event names no active meter listens to
# { $time } is the start of the window, { $days } its length, { $meters } the number of active meters.
analytics-unmatched-names-scope =
    { $meters ->
        [one] Events with a timestamp since { $time } (last { $days } days), grouped by event name; names are compared exactly with those of the { $meters } active meter. Older events are not looked at, to keep this page fast on millions of events.
       *[other] Events with a timestamp since { $time } (last { $days } days), grouped by event name; names are compared exactly with those of the { $meters } active meters. Older events are not looked at, to keep this page fast on millions of events.
    }
analytics-unmatched-names-empty = Every event of the last { $days } days has a name an active meter listens to.
analytics-unmatched-names-label = Event names no active meter listens to
analytics-unmatched-col-event-name = Event name
analytics-unmatched-col-events = Events
analytics-unmatched-col-first = First event
analytics-unmatched-col-last = Last event
analytics-unmatched-col-customers = Customers
analytics-unmatched-col-example = Example
analytics-unmatched-col-fix = Likely fix
analytics-unmatched-did-you-mean = Did you mean «{ $suggestion }»? An active meter listens to that name.
# { $meters } is a list of links to archived meters.
analytics-unmatched-only-archived = Only archived meters listen to it: { $meters }.
analytics-unmatched-no-meter = No meter yet.
analytics-unmatched-no-meter-create = No meter yet — <a href="/meters/new">create one</a>.
analytics-unmatched-groups-capped = Only the 200 names with the most events are listed.
analytics-unmatched-names-capped = There are more than 1,000 distinct event names; only the first 1,000 in alphabetical order were examined.
analytics-unmatched-excluded-title = Events a meter's filter excludes
analytics-unmatched-excluded-scope = For each active meter with a filter: the events of its name since { $time } (last { $days } days) that its filter excludes. Another meter of the same name may still count them; open an example to see, condition by condition, why.
analytics-unmatched-excluded-scope-capped = For each active meter with a filter: the events of its name since { $time } (last { $days } days: filters are evaluated on every event, so this part looks at 30 days at most) that its filter excludes. Another meter of the same name may still count them; open an example to see, condition by condition, why.
analytics-unmatched-no-filters = No active meter has a filter.
analytics-unmatched-excluded-empty =
    { $meters ->
        [one] The filters of the { $meters } active meter with one exclude no event of the last { $days } days.
       *[other] The filters of the { $meters } active meters with one exclude no event of the last { $days } days.
    }
# { $event } is the event name, { $meter } a link to the meter.
analytics-unmatched-excluded-heading = Events named { $event } that { $meter }'s filter excludes
analytics-unmatched-filter = Filter: { $filter }
# { $excluded } of { $total } events, from { $customers } customers; the time span follows.
analytics-unmatched-excluded-count =
    { $customers ->
        [one] { $excluded } of { $total } events, from { $customers } customer
       *[other] { $excluded } of { $total } events, from { $customers } customers
    }
# The time span of those events, after a comma; either end may be missing.
analytics-unmatched-excluded-span = { $first } to { $last }
analytics-unmatched-latest = Latest: { $link } — see why.
# { $meters } lists meters without a filter that count the same events.
analytics-unmatched-counted-by =
    { $count ->
        [one] { $meters } (no filter) counts every event of this name, these included.
       *[other] { $meters } (no filter) count every event of this name, these included.
    }
analytics-unmatched-meters-capped = Only the first 50 active meters with a filter were checked.

## templates/analytics/customers.html and its rows; src/analytics/customers/columns.rs

analytics-customers-title = Customers usage
analytics-customers-crumb = Customers
analytics-customers-heading = Customers
analytics-export-csv = Export CSV
analytics-customers-period-label = Billing period
analytics-customers-at-label = Billing cycle containing
analytics-customers-at-help = Each subscription's own cycle. Times are in your time zone ({ $zone }). Leave the range empty.
analytics-customers-from-label = or from
analytics-customers-to-label = to (exclusive)
analytics-show = Show
analytics-customers-edit-columns = Edit columns
analytics-customers-columns-legend = Show these columns (customer and meter always show)
analytics-customers-save-columns = Save columns
analytics-customers-empty = No subscription is active in this period. Subscribe customers to a usage-based product on their page.
analytics-customers-correct-period = Correct the period above.
analytics-customers-table-label = Usage per customer and meter
analytics-customers-charge-help = Charge = max(0, consumed − free threshold) × price per unit, rounded once, half up, to the currency's minor unit. Click a column heading to sort this page.
analytics-customers-table-scrolls = Usage per customer and meter (scrolls)
analytics-customers-export-help = The export always has the customer's email, the subscription and the billing period, whichever columns show here.
analytics-customers-pager-label = Pages
analytics-customers-first-page = First page
analytics-customers-next-page = Next page
analytics-column-customer = Customer
analytics-column-email = Customer email
analytics-column-subscription = Subscription
analytics-column-product = Product
analytics-column-period = Billing period
analytics-column-meter = Meter
analytics-column-free-threshold = Free threshold
analytics-column-price = Price
analytics-column-last-event = Last event
analytics-column-consumed = Units consumed
analytics-column-chargeable = Chargeable units
analytics-column-charge = Usage charge
analytics-column-total = Total charged

## The customers table's cells (src/analytics/customers/columns.rs display, price_words).
## { $unit } is the meter's unit as the operator typed it, { $price } a formatted price.

analytics-cell-period-title = { $start } to { $end } (end excluded)
analytics-cell-no-event = no event in this period
# { $time } is the time in the operator's zone, { $ago } a relative time such as "3 hours ago".
analytics-cell-last-event-title = { $time }, { $ago }
analytics-price-per-unit = { $price } per unit ({ $unit })
# { $size } is the package size.
analytics-price-per-package = { $price } per { $size } { $unit }
analytics-price-package-up = every started package
analytics-price-package-down = complete packages only
analytics-price-tier-up-to = up to { $quantity }: { $price } per unit ({ $unit })
analytics-price-tier-above = above { $quantity }: { $price } per unit ({ $unit })
# A tier with a flat fee: { $tier } is one of the two above.
analytics-price-tier-fee = { $tier } + { $fee }
# { $model } is analytics-price-model-*.
analytics-price-tiers =
    { $count ->
        [one] { $model }, { $count } tier
       *[other] { $model }, { $count } tiers
    }
analytics-price-model-graduated = graduated
analytics-price-model-volume = volume

## The customers table's period (src/analytics/customers/period.rs).

analytics-customers-error-end = The end must be after the start.
# { $max } is the longest range in days.
analytics-customers-error-range-too-long = A range covers at most { $max } days.
analytics-customers-error-end-missing = Give the end of the range too, or leave both empty.
analytics-customers-error-start-missing = Give the start of the range too, or leave both empty.

## The customers CSV export's header (src/analytics/customers/columns.rs csv_headers), as the
## portal's export writes it: people read it, so translate it into each language. In English it
## keeps the column names the export always had; the API's export keeps them in every language.

analytics-customers-csv-customer-id = customer_id
analytics-customers-csv-customer-name = customer_name
analytics-customers-csv-customer-email = customer_email
analytics-customers-csv-subscription-id = subscription_id
analytics-customers-csv-product = product
analytics-customers-csv-period-start = period_start
analytics-customers-csv-period-end = period_end
analytics-customers-csv-meter-id = meter_id
analytics-customers-csv-meter = meter
analytics-customers-csv-unit = unit
analytics-customers-csv-free-threshold = free_threshold
analytics-customers-csv-price-per-unit = price_per_unit
analytics-customers-csv-price = price
analytics-customers-csv-currency = currency
analytics-customers-csv-last-event-at = last_event_at
analytics-customers-csv-consumed = consumed
analytics-customers-csv-chargeable = chargeable
analytics-customers-csv-charge = charge
analytics-customers-csv-total = total

## templates/analytics/reconciliation.html

analytics-reconciliation-title = Reconciliation
analytics-reconciliation-from = From
analytics-reconciliation-to = To (exclusive)
analytics-reconciliation-to-help = Default: this month in your time zone ({ $zone }).
analytics-reconciliation-uploads = Uploads
analytics-reconciliation-no-uploads = No upload in this period.
analytics-reconciliation-col-upload = Upload
analytics-reconciliation-col-meter = Meter
analytics-reconciliation-col-status = Status
analytics-reconciliation-col-rows = Rows
analytics-reconciliation-col-accepted = Accepted
analytics-reconciliation-col-duplicates = Duplicates
analytics-reconciliation-col-rejected = Rejected
analytics-reconciliation-col-reasons = By reason
analytics-reconciliation-col-in-file = In the file
analytics-reconciliation-col-aggregated = Aggregated now
analytics-reconciliation-col-difference = Difference
analytics-reconciliation-help = “In the file” adds up the meter's property in every row (rows, for a count meter); “aggregated now” is what the meter counts today from the upload's stored events — rejected rows, duplicates, rows its filter excludes and rollbacks make the difference.
# { $from } and { $to } are dates.
analytics-reconciliation-meters = Meters, { $from } → { $to }
analytics-reconciliation-col-events = Events counted
analytics-reconciliation-col-quantity = Quantity
analytics-reconciliation-col-from-uploads = From uploads in the period
# { $value } with { $unit }, from { $count } uploads.
analytics-reconciliation-from-uploads =
    { $count ->
        [one] { $value } { $unit } ({ $count } upload)
       *[other] { $value } { $unit } ({ $count } uploads)
    }

## The reconciliation CSV export's header (src/portal/analytics/reconcile.rs).
## Machine-readable: keep these exactly as they are in every language.

analytics-reconciliation-csv-upload-id = upload_id
analytics-reconciliation-csv-file-name = file_name
analytics-reconciliation-csv-meter = meter
analytics-reconciliation-csv-status = status
analytics-reconciliation-csv-uploaded-at = uploaded_at
analytics-reconciliation-csv-rows = rows
analytics-reconciliation-csv-accepted = accepted
analytics-reconciliation-csv-duplicates = duplicates
analytics-reconciliation-csv-rejected = rejected
analytics-reconciliation-csv-rejected-by-reason = rejected_by_reason
analytics-reconciliation-csv-value-in-file = value_in_file
analytics-reconciliation-csv-value-aggregated = value_aggregated
analytics-reconciliation-csv-events-aggregated = events_aggregated
analytics-reconciliation-csv-difference = difference
