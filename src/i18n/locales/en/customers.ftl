### Customers: the list, the form, a customer's page with its subscriptions and the subscribe
### form, and the customer and subscription messages shown in the portal. Ids stay as they are.

## templates/customers/list.html

customers-list-title = Customers
customers-list-new = New customer
customers-list-search-label = Search customers
customers-list-search-placeholder = Search by id, email or name
customers-list-search = Search
customers-list-clear = Clear
customers-list-empty-editor = No customers yet — { $link }, or create them over the API ({ $api }).
customers-list-empty-editor-link = add your first customer
customers-list-empty-viewer = No customers yet — an editor can add them.
# { $query } is what was searched for.
customers-list-no-match = No customer matches “{ $query }”.
customers-list-table-label = Customers
customers-list-col-customer = Customer
customers-list-col-email = Email
customers-list-col-id = Id
customers-list-col-created = Created
customers-list-pager-label = Pages
customers-list-first-page = First page
customers-list-next-page = Next page

## templates/customers/form.html

customers-form-title-new = New customer
customers-form-title-edit = Edit customer
customers-form-crumb-new = New
customers-form-crumb-edit = Edit
customers-form-id = Id
customers-form-id-fixed-help = Ids do not change: events refer to them.
customers-form-id-label = Id (optional)
customers-form-id-help = The id your product sends in events, e.g. cus_QMJJtcu70R1x46. Letters, digits and _ . : - only. Leave empty to generate one.
customers-form-name-label = Name
customers-form-email-label = Email
customers-form-save = Save changes
customers-form-create = Create customer
customers-form-cancel = Cancel

## Customer validation (src/ids.rs, src/auth/model.rs Email, src/customers/model.rs and
## service.rs).

customers-error-id-empty = Enter a customer id, or leave it empty to have one generated.
customers-error-id-too-long = A customer id has at most 255 characters.
customers-error-id-characters = A customer id may use letters, digits and _ . : - only (no spaces).
customers-error-id-taken = A customer with the id { $id } already exists. Choose another id, or leave it empty to have one generated.
customers-error-name-required = Enter the customer's name.
# { $max } is the length limit.
customers-error-too-long = Use at most { $max } characters.
customers-error-email-required = Enter an email address.
customers-error-email-too-long = An email address has at most 254 characters.
customers-error-email-no-at = An email address needs an @, as in ana@example.com.
customers-error-email-invalid = Enter an email address such as ana@example.com.
customers-error-not-found = No customer with the id { $id }.

## templates/customers/show.html

customers-show-edit = Edit
customers-show-prop-id = Id
customers-show-prop-email = Email
customers-show-prop-created = Created
customers-show-subscriptions-title = Subscriptions
customers-show-subscriptions-empty = Not subscribed to any product yet. Usage is billed once the customer is on a usage-based product.
customers-show-subscriptions-label = Subscriptions
customers-show-col-subscription = Subscription
customers-show-col-product = Product
customers-show-col-start = Start (cycle anchor)
customers-show-col-end = End
customers-show-col-status = Status
customers-show-col-actions = Actions
customers-subscription-active = active
customers-subscription-ended = ended
customers-subscription-starts-later = starts later
# A confirmation dialog; { $id } is the subscription id.
customers-show-end-confirm = End { $id } now? Usage after now is not billed to it.
customers-show-end-now = End now

## The subscribe form (templates/customers/show.html, src/portal/subscriptions.rs).

customers-subscribe-title = Subscribe to a product
customers-subscribe-no-products = No products yet — { $link } first.
customers-subscribe-no-products-link = create a usage-based product
customers-subscribe-product-label = Product
customers-subscribe-choose = Choose…
# An option: { $name } ({ $currency }).
customers-subscribe-product-option = { $name } ({ $currency })
# After a conflict message: a link to the subscription in the way.
customers-subscribe-see-existing = See { $id }.
customers-subscribe-start-label = Start ({ $zone }, optional)
customers-subscribe-start-help = Empty = now. Billing cycles repeat monthly from this moment.
customers-subscribe-submit = Subscribe

## Subscription messages (src/portal/subscriptions.rs, src/subscriptions/service.rs).

# { $error } is why the time cannot be read.
customers-subscription-error-start = Start: { $error }
customers-subscription-error-end-time = End: { $error }
customers-subscription-error-product = Choose a product.
customers-subscription-error-no-customer = No customer with the id { $id }. Create the customer first.
customers-subscription-error-no-product = No product with the id { $id }.
# { $id } is the existing subscription, { $start } its start.
customers-subscription-error-overlap = This customer already has a subscription to this product ({ $id }, from { $start } with no end); a second one would bill the same usage twice. End that subscription first, or start the new one after it ends.
customers-subscription-error-overlap-until = This customer already has a subscription to this product ({ $id }, from { $start } until { $end }); a second one would bill the same usage twice. End that subscription first, or start the new one after it ends.
customers-subscription-error-not-found = No subscription with the id { $id }.
customers-subscription-error-already-ended = This subscription already ended on { $time }.
customers-subscription-error-end-before-start = The end must be after the start ({ $start }).
