### The dashboard (templates/home/dashboard.html, src/portal/home.rs).

home-title = Dashboard
home-lead = Welcome to { -brand }. Turn your product's usage events into billable quantities in four steps.
home-step-customers-title = 1. Add customers
home-step-customers-text = The accounts you bill, with the ids your product sends in events.
home-step-customers-link = Customers
home-step-meters-title = 2. Define meters
home-step-meters-text = Which events count, and how: count, sum, max or last value of a property.
home-step-meters-link = Meters
home-step-products-title = 3. Price them
home-step-products-text = A usage-based product gives each meter a price per unit and a free threshold.
home-step-products-link = Products
home-step-usage-title = 4. Send usage
home-step-usage-text = By API, CSV upload or manual entry.
home-step-usage-admin = Create an API key under { $link }.
home-step-usage-non-admin = An admin creates API keys.
home-step-usage-link = Usage data

## The dashboard's figures, usage and recent uploads (templates/home/dashboard.html).

home-figures-title = This month
home-events-stored = Events stored
# { $count } is formatted by the code.
home-events-month = { $count } this month
home-active-month = Active customers this month
home-active-all = { $count } ever sent usage
home-charges = Usage charges, current cycles
home-subscriptions =
    { $count ->
        [one] { $count } subscription
       *[other] { $count } subscriptions
    }
# { $subscriptions } is home-subscriptions; { $time } a formatted time.
home-charges-sub = { $subscriptions }, as of { $time }
home-no-subscriptions = No subscriptions yet: { $link } to a product.
home-no-subscriptions-link = subscribe a customer
home-month-note = This month: since { $time }. More in { $link }.
home-analytics-link = Analytics
home-usage-title = Usage this month
home-col-meter = Meter
home-col-month = This month
home-col-all-time = All time
home-more-meters = Every meter in Analytics
home-uploads-title = Recent uploads
home-uploads-empty = No CSV uploads yet: events came by API or manual entry. { $link }.
home-uploads-empty-link = Upload usage data
# { $meter } is the meter's name, { $time } a formatted time.
home-upload-row = { $meter }, { $accepted } of { $total } rows accepted, { $time }
home-uploads-all = All uploads
home-still-to-do = Still to do
home-getting-started = Getting started
home-step-usage-admin-link = Settings → API keys
