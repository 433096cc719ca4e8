### Produits : la liste, la page d’un produit avec ses exemples chiffrés, et le formulaire.


## The list.

products-title = Produits
products-new = Nouveau produit
products-empty-editor = Aucun produit pour l’instant — { $link } : associez des dispositifs de mesure et donnez à chacun un prix unitaire et un seuil gratuit.
products-empty-link = créez un produit facturé à l’utilisation
products-empty-viewer = Aucun produit pour l’instant — un éditeur peut créer un produit facturé à l’utilisation.
product-not-found = Aucun produit avec l’identifiant { $id }.
products-no-more = Il n’y a plus de produits.
products-back-first = Retour à la première page
products-col-product = Produit
products-currency = Devise
products-interval = Intervalle de facturation
products-col-meters = Dispositifs de mesure
products-id = Identifiant
products-created = Créé le
products-updated = Modifié le
interval-monthly = Mensuel
interval-yearly = Annuel

## A product's page.

product-meters-title = Dispositifs de mesure et prix
product-meters-help = À chaque période de facturation, une ligne facture l’utilisation au-delà de son seuil gratuit selon son modèle de tarification ; si rien ne dépasse le seuil, elle ne facture rien. Le montant est arrondi une seule fois, au plus proche (0,5 vers le haut), à la plus petite unité de la devise, sur le total de la ligne. Le seuil gratuit est remis à zéro à chaque période.
product-no-meters = Ce produit n’a aucun dispositif de mesure.
product-link-meter = Associer un dispositif de mesure
product-price = Prix
product-per-unit = { $price } par { $unit }
product-package-down = { $price } par lot de { $size } { $unit }, lots complets uniquement
product-package-up = { $price } par lot de { $size } { $unit }, tout lot entamé est facturé
product-graduated-words = Paliers progressifs : chaque palier tarifie les { $unit } qui s’y trouvent
product-volume-words = Paliers de volume : chaque { $unit } au prix du palier où tombe l’utilisation
product-free-threshold = Seuil gratuit par période
product-tiers-of = Paliers de { $name }
tier-up-to = Jusqu’à { $to }
tier-above-up-to = Au-delà de { $from } jusqu’à { $to }
tier-any = Toute utilisation
tier-above = Au-delà de { $from }
tier-price = { $price } par { $unit }
tier-flat-fee = + { $fee } de frais fixes
tier-head-up-to = jusqu’à { $to }
tier-head-above-up-to = au-delà de { $from } jusqu’à { $to }
tier-head-any = toute
tier-head-above = au-delà de { $from }
examples-caption = Exemples chiffrés : { $name }
examples-usage = Utilisation
examples-free = Gratuit
examples-chargeable = Facturable
examples-units-price = Unités × prix
examples-packages-price = Lots × prix
examples-tier = Palier { $n }
examples-charge = Montant facturé
examples-yours = (le vôtre)
examples-no-units = aucune unité
examples-too-large = trop grand pour être calculé
examples-try = Essayer une utilisation ({ $unit })
examples-try-error = Saisissez une utilisation comme 250 : des chiffres et un point décimal, au moins 0.
examples-try-help = Ajoute une ligne aux exemples chiffrés.
examples-submit = Calculer les montants

## The product form.

product-form-edit = Modifier le produit
product-form-new = Nouveau produit
product-form-crumb-new = Nouveau
product-form-save = Enregistrer
product-form-name = Nom
product-form-description = Description (facultative)
product-form-currency-help = ISO 4217 ; tous les prix de ce produit sont dans cette devise.
product-form-interval-help = Les périodes se répètent à partir du début de chaque abonnement ; les seuils gratuits sont remis à zéro à chaque période.
product-form-meters-help = De 1 à { $max } dispositifs de mesure, chacun une fois. À chaque période de facturation, une ligne facture l’utilisation au-delà de son seuil gratuit selon son modèle de tarification, arrondie une seule fois, au plus proche, à la plus petite unité de la devise sur le total de la ligne.
product-form-no-meters = Aucun dispositif de mesure actif pour l’instant — { $link } d’abord, puis associez-le ici.
product-form-create-meter = créez un dispositif de mesure
product-form-meter-n = Dispositif de mesure { $n }
product-form-meter = Dispositif de mesure
product-form-choose-meter = Choisissez un dispositif de mesure…
product-form-not-active = (pas un dispositif de mesure actif)
product-form-free-threshold = Seuil gratuit
product-form-free-threshold-help = unités gratuites à chaque période de facturation, avant que le modèle ne tarifie le reste
product-form-model = Modèle de tarification
model-per-unit = À l’unité
model-package = Par lot
model-graduated = Paliers progressifs
model-volume = Paliers de volume
product-form-model-help = Remplissez ci-dessous la section du modèle choisi ; les autres sections sont ignorées.
product-form-remove-meter = dispositif de mesure { $n }
product-form-unit-price = Prix unitaire
product-form-unit-price-help = facturé pour chaque unité au-delà du seuil gratuit ; jusqu’à 12 décimales, jamais arrondi avant le total de la ligne
product-form-package-size = Taille du lot (unités)
product-form-package-size-help = unités dans un lot, par exemple 1000
product-form-package-price = Prix du lot
product-form-package-price-help = facturé par lot
product-form-partial = Lots partiels
product-form-round-up = Tout lot entamé (arrondi supérieur)
product-form-round-down = Lots complets uniquement (arrondi inférieur)
product-form-tiers = Paliers (progressifs ou de volume)
product-form-tiers-help = Progressifs : chaque palier tarifie les unités qui s’y trouvent. Volume : chaque unité au prix du palier où tombe l’utilisation. « Jusqu’à » inclut sa borne ; laissez-le vide sur le dernier palier utilisé, et laissez des lignes entières vides pour utiliser moins de paliers. Des frais fixes (facultatifs) s’ajoutent quand un palier est utilisé.
product-form-tier-n = Palier { $n }
product-form-up-to = Jusqu’à (unités)
product-form-flat-fee = Frais fixes
product-form-remove-tier = palier { $t } du dispositif de mesure { $n }
product-form-add-tier = Ajouter un palier
product-form-add-tier-to = au dispositif de mesure { $n }
product-form-add-meter = Ajouter un dispositif de mesure
product-form-create = Créer le produit
product-form-max-meters = Un produit accepte au plus { $max } dispositifs de mesure.
product-form-max-tiers = Paliers : un prix accepte au plus { $max } paliers.
