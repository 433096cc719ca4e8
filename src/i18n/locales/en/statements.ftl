### Statements: a customer's current cycles and closed statements, the printable statement page,
### its CSV export, and the Late usage page (closed cycles whose live figures differ from what
### was billed). A statement is frozen when its cycle closes; later changes to a closed cycle
### are billed once, as an adjustment line on the subscription's next statement.

## Navigation (templates/base.html, added by the statements feature)

statements-nav-late-usage = Late usage

## The customer's page: current cycle and statements per subscription
## (templates/customers/show.html).

# { $id } is the subscription id, { $product } the product's name.
statements-current-title = Current cycle of { $id } ({ $product })
# { $start } and { $end } are formatted times.
statements-current-live = { $start } – { $end }, live: it changes as usage arrives until the cycle closes.
statements-current-label = Current cycle of { $id }
statements-current-total = Total so far
statements-list-title = Statements of { $id }
statements-list-label = Statements of { $id }
statements-list-empty = No statement yet: a cycle's statement is made when it closes, shortly after the cycle ends.
statements-col-statement = Statement
statements-col-billing-cycle = Billing cycle
statements-col-closed = Closed
statements-col-total = Total

## templates/statements/show.html (the printable statement)

# { $id } is the statement id (st_…).
statements-show-title = Statement { $id }
statements-show-download-csv = Download CSV
statements-show-print = Print
statements-show-prop-customer = Customer
statements-show-prop-subscription = Subscription
statements-show-product-link = product
statements-show-prop-billing-cycle = Billing cycle
statements-show-prop-period = Period
# { $start } and { $end } are formatted times.
statements-show-period = { $start } – { $end }
statements-show-prop-closed = Closed
statements-show-prop-closed-at = Closed at
statements-show-prop-currency = Currency
statements-show-frozen-note = A closed statement never changes. Usage that arrives, is voided or rolled back later for this cycle appears as an adjustment on the subscription's next statement.
statements-show-lines-label = Statement lines
statements-show-col-line = Line
statements-show-col-meter = Meter
statements-show-col-for-cycle = For cycle
statements-show-col-consumed = Consumed
statements-show-col-free = Free
statements-show-col-free-threshold = Free threshold
statements-show-col-chargeable = Chargeable
statements-show-col-price = Price
statements-show-col-charge = Charge
statements-show-col-consumed-delta = Usage change
statements-show-col-charge-delta = Charge change
statements-show-this-cycle = this cycle
statements-show-total = Total
statements-show-no-lines = This cycle had no usage-based lines: the statement's total is zero.
statements-not-found = No statement with the id { $id }.

## Statement line kinds (src/portal/statements/views.rs LineView::kind).

statements-line-usage = Usage
statements-line-adjustment = Adjustment
# { $period } is the closed cycle the adjustment is for, e.g. "1 Oct – 1 Nov".
statements-line-adjustment-for = Adjustment: late usage for { $period }

## The statement's CSV export (src/portal/statements/handlers.rs export_csv): headers and the
## words in its Line column.

statements-csv-statement = Statement
statements-csv-customer = Customer
statements-csv-subscription = Subscription
statements-csv-period-start = Period start
statements-csv-period-end = Period end
statements-csv-line = Line
statements-csv-meter = Meter
statements-csv-meter-id = Meter id
statements-csv-for-period-start = For period start
statements-csv-for-period-end = For period end
statements-csv-consumed = Consumed
statements-csv-free-threshold = Free threshold
statements-csv-chargeable = Chargeable
statements-csv-price = Price
statements-csv-charge = Charge
statements-csv-consumed-delta = Consumed delta
statements-csv-charge-delta = Charge delta
statements-csv-currency = Currency
statements-csv-closed-at = Closed at
statements-csv-usage = Usage
statements-csv-adjustment = Adjustment
statements-csv-total = Total

## templates/statements/late.html (the Late usage page)

statements-late-title = Late usage
statements-late-lead = Usage that arrived, was voided or rolled back after its billing cycle closed. A closed statement never changes: the difference is billed once, as an adjustment on the subscription's next statement.
statements-late-pending-title = Pending: on the next statement
statements-late-pending-empty = Every closed cycle's live figures match what was billed.
statements-late-pending-label = Pending adjustments
statements-late-billed-title = Billed adjustments
statements-late-billed-empty = No statement has carried an adjustment yet.
statements-late-billed-label = Billed adjustments
statements-late-col-statement = Statement
statements-late-col-customer = Customer
statements-late-col-subscription = Subscription
statements-late-col-meter = Meter
statements-late-col-closed-cycle = Closed cycle
statements-late-col-for-cycle = For cycle
statements-late-col-billed = Billed
statements-late-col-live = Live now
statements-late-col-consumed-delta = Usage change
statements-late-col-charge-delta = Charge change
