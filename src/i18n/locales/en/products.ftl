### Products: the list, a product's page with its worked examples, and the product form.


## The list.

products-title = Products
products-new = New product
products-empty-editor = No products yet — { $link }: link meters and give each a price per unit and a free threshold.
products-empty-link = create a usage-based product
products-empty-viewer = No products yet — an editor can create a usage-based product.
product-not-found = No product with the id { $id }.
products-no-more = No more products.
products-back-first = Back to the first page
products-col-product = Product
products-currency = Currency
products-interval = Billing interval
products-col-meters = Meters
products-id = Id
products-created = Created
products-updated = Updated
interval-monthly = Monthly
interval-yearly = Yearly

## A product's page.

product-meters-title = Meters and prices
product-meters-help = Each billing cycle, a line charges the usage above its free threshold by its pricing model; when nothing is above the threshold it charges nothing. The charge is rounded once, half-up, to the currency's minor unit, on the line total. The free threshold resets at each cycle.
product-no-meters = This product has no meters.
product-link-meter = Link a meter
product-price = Price
product-per-unit = { $price } per { $unit }
product-package-down = { $price } per package of { $size } { $unit }, complete packages only
product-package-up = { $price } per package of { $size } { $unit }, every started package charged
product-graduated-words = Graduated tiers: each tier prices the { $unit } that fall in it
product-volume-words = Volume tiers: every { $unit } at the price of the tier the usage falls in
product-free-threshold = Free threshold per cycle
product-tiers-of = Tiers of { $name }
tier-up-to = Up to { $to }
tier-above-up-to = Above { $from } up to { $to }
tier-any = Any usage
tier-above = Above { $from }
tier-price = { $price } per { $unit }
tier-flat-fee = + { $fee } flat fee
tier-head-up-to = up to { $to }
tier-head-above-up-to = above { $from } up to { $to }
tier-head-any = any
tier-head-above = above { $from }
examples-caption = Worked examples: { $name }
examples-usage = Usage
examples-free = Free
examples-chargeable = Chargeable
examples-units-price = Units × price
examples-packages-price = Packages × price
examples-tier = Tier { $n }
examples-charge = Charge
examples-yours = (yours)
examples-no-units = no units
examples-too-large = too large to compute
examples-try = Try a usage ({ $unit })
examples-try-error = Enter a usage such as 250: digits and one decimal point, at least 0.
examples-try-help = Adds a row to the worked examples.
examples-submit = Work out the charges

## The product form.

product-form-edit = Edit product
product-form-new = New product
product-form-crumb-new = New
product-form-save = Save
product-form-name = Name
product-form-description = Description (optional)
product-form-currency-help = ISO 4217; every price of this product is in it.
product-form-interval-help = Cycles repeat from each subscription's start; free thresholds reset at each cycle.
product-form-meters-help = 1 to { $max } meters, each once. Each billing cycle a line charges the usage above its free threshold by its pricing model, rounded once, half-up, to the currency's minor unit on the line total.
product-form-no-meters = No active meters yet — { $link } first, then link it here.
product-form-create-meter = create a meter
product-form-meter-n = Meter { $n }
product-form-meter = Meter
product-form-choose-meter = Choose a meter…
product-form-not-active = (not an active meter)
product-form-free-threshold = Free threshold
product-form-free-threshold-help = units free in each billing cycle, before any model prices the rest
product-form-model = Pricing model
model-per-unit = Per unit
model-package = Package
model-graduated = Graduated tiers
model-volume = Volume tiers
product-form-model-help = Fill in the section of the model you choose below; the other sections are ignored.
product-form-remove-meter = meter { $n }
product-form-unit-price = Unit price
product-form-unit-price-help = charged for each unit above the free threshold; up to 12 decimal places, never rounded until the line total
product-form-package-size = Package size (units)
product-form-package-size-help = units in one package, such as 1000
product-form-package-price = Package price
product-form-package-price-help = charged per package
product-form-partial = Partial packages
product-form-round-up = Every started package (round up)
product-form-round-down = Complete packages only (round down)
product-form-tiers = Tiers (graduated or volume)
product-form-tiers-help = Graduated: each tier prices the units that fall in it. Volume: every unit at the price of the tier the usage falls in. "Up to" includes its bound; leave it empty on the last tier you use, and leave whole rows empty to use fewer tiers. A flat fee (optional) is added when a tier is used.
product-form-tier-n = Tier { $n }
product-form-up-to = Up to (units)
product-form-flat-fee = Flat fee
product-form-remove-tier = tier { $t } of meter { $n }
product-form-add-tier = Add a tier
product-form-add-tier-to = to meter { $n }
product-form-add-meter = Add meter
product-form-create = Create product
product-form-max-meters = A product takes at most { $max } meters.
product-form-max-tiers = Tiers: a price takes at most { $max } tiers.
