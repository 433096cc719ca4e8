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
home-step-usage-admin = Create an API key under <a href="/settings/api-keys">Settings → API keys</a>.
home-step-usage-non-admin = An admin creates API keys.
home-step-usage-link = Usage data
