### Barre latérale, barre du haut et titres des pages.

-brand = Meterdesk

page-title = { $page } · { -brand }

nav-main = Navigation principale
nav-meters = Dispositifs de mesure
nav-products = Produits
nav-customers = Clients
nav-usage = Gestion des données
nav-analytics = Analyses
nav-settings = Paramètres

nav-menu = Menu

skip-to-content = Aller au contenu
topbar-role = Votre rôle
sign-out = Se déconnecter

role-admin = administrateur
role-editor = éditeur
role-viewer = lecteur

language-label = Langue
