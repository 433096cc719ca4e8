### Page chrome: the sidebar, the top bar and page titles.
### English is the source of truth: every other language has exactly these ids.

-brand = Meterdesk

# { $page } is the page's own title.
page-title = { $page } · { -brand }

nav-main = Main
nav-meters = Meters
nav-products = Products
nav-customers = Customers
nav-usage = Usage data
nav-analytics = Analytics
nav-settings = Settings

# The button that opens the navigation on a narrow screen.
nav-menu = Menu

skip-to-content = Skip to content
topbar-role = Your role
sign-out = Sign out

role-admin = admin
role-editor = editor
role-viewer = viewer

language-label = Language
