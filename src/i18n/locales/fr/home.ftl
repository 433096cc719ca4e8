### Tableau de bord (templates/home/dashboard.html, src/portal/home.rs).

home-title = Tableau de bord
home-lead = Bienvenue dans { -brand }. Transformez les événements d’utilisation de votre produit en quantités facturables en quatre étapes.
home-step-customers-title = 1. Ajouter des clients
home-step-customers-text = Les comptes que vous facturez, avec les ID que votre produit envoie dans les événements.
home-step-customers-link = Clients
home-step-meters-title = 2. Définir des dispositifs de mesure
home-step-meters-text = Quels événements comptent, et comment : nombre, somme, maximum ou dernière valeur d’une propriété.
home-step-meters-link = Dispositifs de mesure
home-step-products-title = 3. Les tarifer
home-step-products-text = Un produit facturé à l’utilisation donne à chaque dispositif de mesure un prix unitaire et un seuil gratuit.
home-step-products-link = Produits
home-step-usage-title = 4. Envoyer l’utilisation
home-step-usage-text = Via l’API, un chargement CSV ou une saisie manuelle.
home-step-usage-admin = Créez une clé API dans { $link }.
home-step-usage-non-admin = Un administrateur crée les clés API.
home-step-usage-link = Gestion des données

## Les chiffres, l’utilisation et les derniers chargements du tableau de bord (templates/home/dashboard.html).

home-figures-title = Ce mois-ci
home-events-stored = Événements enregistrés
home-events-month = { $count } ce mois-ci
home-active-month = Clients actifs ce mois-ci
home-active-all = { $count } ont déjà envoyé des données d’utilisation
home-charges = Montants facturés à l’utilisation, périodes en cours
home-subscriptions =
    { $count ->
        [one] { $count } abonnement
       *[other] { $count } abonnements
    }
home-charges-sub = { $subscriptions }, au { $time }
home-no-subscriptions = Aucun abonnement pour l’instant : { $link } à un produit.
home-no-subscriptions-link = abonnez un client
home-month-note = Ce mois-ci : depuis le { $time }. Plus de détails dans { $link }.
home-analytics-link = Analyses
home-usage-title = Utilisation ce mois-ci
home-col-meter = Dispositif de mesure
home-col-month = Ce mois-ci
home-col-all-time = Depuis le début
home-more-meters = Tous les dispositifs de mesure dans Analyses
home-uploads-title = Derniers chargements
home-uploads-empty = Aucun chargement CSV pour l’instant : les événements sont arrivés par l’API ou par saisie manuelle. { $link }.
home-uploads-empty-link = Charger des données d’utilisation
home-upload-row = { $meter }, { $accepted } lignes acceptées sur { $total }, { $time }
home-uploads-all = Tous les chargements
home-still-to-do = Reste à faire
home-getting-started = Premiers pas
home-step-usage-admin-link = Paramètres → Clés API
