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
home-step-usage-admin = Créez une clé API dans <a href="/settings/api-keys">Paramètres → Clés API</a>.
home-step-usage-non-admin = Un administrateur crée les clés API.
home-step-usage-link = Gestion des données
