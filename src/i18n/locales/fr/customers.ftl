### Clients : la liste, le formulaire, la page d’un client avec ses abonnements et le formulaire
### d’abonnement, et les messages sur les clients et les abonnements.

## templates/customers/list.html

customers-list-title = Clients
customers-list-new = Nouveau client
customers-list-search-label = Rechercher des clients
customers-list-search-placeholder = Rechercher par ID, e-mail ou nom
customers-list-search = Rechercher
customers-list-clear = Effacer
customers-list-empty-editor = Aucun client pour l’instant — { $link }, ou créez-les via l’API ({ $api }).
customers-list-empty-editor-link = ajoutez votre premier client
customers-list-empty-viewer = Aucun client pour l’instant — un éditeur peut en ajouter.
customers-list-no-match = Aucun client ne correspond à « { $query } ».
customers-list-table-label = Clients
customers-list-col-customer = Client
customers-list-col-email = E-mail
customers-list-col-id = ID
customers-list-col-created = Créé le
customers-list-pager-label = Pages
customers-list-first-page = Première page
customers-list-next-page = Page suivante

## templates/customers/form.html

customers-form-title-new = Nouveau client
customers-form-title-edit = Modifier le client
customers-form-crumb-new = Nouveau
customers-form-crumb-edit = Modifier
customers-form-id = ID
customers-form-id-fixed-help = Les ID ne changent pas : les événements y font référence.
customers-form-id-label = ID (facultatif)
customers-form-id-help = L’ID qu’envoie votre produit dans les événements, par exemple cus_QMJJtcu70R1x46. Lettres, chiffres et _ . : - uniquement. Laissez vide pour en générer un.
customers-form-name-label = Nom
customers-form-email-label = E-mail
customers-form-save = Enregistrer les modifications
customers-form-create = Créer le client
customers-form-cancel = Annuler

## src/ids.rs, src/auth/model.rs, src/customers/model.rs, service.rs

customers-error-id-empty = Saisissez un ID client, ou laissez vide pour en générer un.
customers-error-id-too-long = Un ID client compte au plus 255 caractères.
customers-error-id-characters = Un ID client ne peut contenir que des lettres, des chiffres et _ . : - (sans espace).
customers-error-id-taken = Un client ayant l’ID { $id } existe déjà. Choisissez un autre ID, ou laissez vide pour en générer un.
customers-error-name-required = Saisissez le nom du client.
customers-error-too-long =
    { $max ->
        [one] Utilisez au plus { $max } caractère.
       *[other] Utilisez au plus { $max } caractères.
    }
customers-error-email-required = Saisissez une adresse e-mail.
customers-error-email-too-long = Une adresse e-mail compte au plus 254 caractères.
customers-error-email-no-at = Une adresse e-mail doit contenir un @, comme ana@example.com.
customers-error-email-invalid = Saisissez une adresse e-mail comme ana@example.com.
customers-error-not-found = Aucun client n’a l’ID { $id }.

## templates/customers/show.html

customers-show-edit = Modifier
customers-show-prop-id = ID
customers-show-prop-email = E-mail
customers-show-prop-created = Créé le
customers-show-subscriptions-title = Abonnements
customers-show-subscriptions-empty = Abonné à aucun produit pour l’instant. L’utilisation est facturée dès que le client est abonné à un produit facturé à l’utilisation.
customers-show-subscriptions-label = Abonnements
customers-show-col-subscription = Abonnement
customers-show-col-product = Produit
customers-show-col-start = Début (ancrage de la période)
customers-show-col-end = Fin
customers-show-col-status = État
customers-show-col-actions = Actions
customers-subscription-active = actif
customers-subscription-ended = terminé
customers-subscription-starts-later = commence plus tard
customers-show-end-confirm = Terminer { $id } maintenant ? L’utilisation postérieure ne lui sera pas facturée.
customers-show-end-now = Terminer maintenant

## templates/customers/show.html, src/portal/subscriptions.rs

customers-subscribe-title = Abonner à un produit
customers-subscribe-no-products = Aucun produit pour l’instant — { $link }.
customers-subscribe-no-products-link = créez d’abord un produit facturé à l’utilisation
customers-subscribe-product-label = Produit
customers-subscribe-choose = Choisir…
customers-subscribe-product-option = { $name } ({ $currency })
customers-subscribe-see-existing = Voir { $id }.
customers-subscribe-start-label = Début ({ $zone }, facultatif)
customers-subscribe-start-help = Vide = maintenant. Les périodes de facturation se répètent chaque mois à partir de ce moment.
customers-subscribe-submit = Abonner

## src/portal/subscriptions.rs, src/subscriptions/service.rs

customers-subscription-error-start = Début : { $error }
customers-subscription-error-end-time = Fin : { $error }
customers-subscription-error-product = Choisissez un produit.
customers-subscription-error-no-customer = Aucun client n’a l’ID { $id }. Créez d’abord le client.
customers-subscription-error-no-product = Aucun produit n’a l’ID { $id }.
customers-subscription-error-overlap = Ce client a déjà un abonnement à ce produit ({ $id }, depuis le { $start }, sans fin) ; un second facturerait deux fois la même utilisation. Terminez d’abord cet abonnement, ou faites commencer le nouveau après sa fin.
customers-subscription-error-overlap-until = Ce client a déjà un abonnement à ce produit ({ $id }, du { $start } au { $end }) ; un second facturerait deux fois la même utilisation. Terminez d’abord cet abonnement, ou faites commencer le nouveau après sa fin.
customers-subscription-error-not-found = Aucun abonnement n’a l’ID { $id }.
customers-subscription-error-already-ended = Cet abonnement a déjà pris fin le { $time }.
customers-subscription-error-end-before-start = La fin doit être postérieure au début ({ $start }).
