### Pages d’erreur.

error-title-400 = Requête incorrecte
error-title-401 = Non connecté
error-title-403 = Non autorisé
error-title-404 = Introuvable
error-title-405 = Méthode non autorisée
error-title-409 = Conflit
error-title-413 = Trop volumineux
error-title-415 = Format non pris en charge
error-title-422 = Veuillez corriger la saisie
error-title-429 = Trop de requêtes
error-title-500 = Une erreur s’est produite
error-title-503 = Temporairement indisponible
error-title-other = Erreur
error-unavailable = Meterdesk ne parvient pas à joindre sa base de données, cette page n’a donc pas pu être affichée ni enregistrée. Il s’agit généralement d’un redémarrage ou d’une courte interruption. Patientez quelques secondes, puis réessayez. Si vous enregistriez une modification, rouvrez d’abord la page pour voir si elle a été enregistrée.
error-needs-role = Il faut le rôle { $role } ; vous êtes connecté en tant que { $current }. Demandez-le à un administrateur si vous en avez besoin.
error-try-again = Réessayer
error-back-home = Retour au tableau de bord

## Ce que dit une page d’erreur (l’API garde ses messages en anglais).

errors-not-found = Il n’y a rien ici : l’élément a peut-être été supprimé, ou l’adresse est erronée.
errors-no-page = Il n’y a aucune page à cette adresse.
errors-no-meter = Aucun dispositif de mesure avec l’identifiant { $id }.
errors-no-product = Aucun produit avec l’identifiant { $id }.
errors-no-customer = Aucun client avec l’identifiant { $id }.
errors-no-subscription = Aucun abonnement avec l’identifiant { $id }.
errors-no-statement = Aucun relevé avec l’identifiant { $id }.
errors-no-upload = Aucun import n° { $id }.
errors-no-operator = Aucun opérateur avec cet identifiant.
errors-no-api-key = Aucune clé d’API avec cet identifiant.
errors-sign-in = Connectez-vous pour voir cette page.
errors-csrf = Ce formulaire a expiré ou ne vient pas de Meterdesk (jeton CSRF absent ou erroné). Revenez en arrière, rechargez la page et envoyez-le à nouveau.
errors-login-expired = Le formulaire de connexion a expiré ou les cookies sont bloqués. Rechargez la page, autorisez les cookies pour ce site et connectez-vous à nouveau.
errors-body-too-large = La requête dépasse { $bytes } octets. Envoyez-en moins à la fois.
errors-upload-too-large = La requête d’import dépasse { $bytes } octets : envoyez le fichier CSV et quelques champs courts.
errors-file-too-large = Le fichier dépasse { $mb } Mo. Découpez-le en fichiers plus petits et importez chacun d’eux.
errors-fields-too-large = Les champs du formulaire sont trop longs. Raccourcissez-les et envoyez à nouveau.
errors-unreadable = La requête n’a pas pu être lue. Revenez en arrière, rechargez la page et réessayez.
errors-upload-unreadable = L’import n’a pas pu être lu. Choisissez à nouveau le fichier CSV et envoyez le formulaire depuis ce site.
errors-bad-parameter = Le paramètre { $name } n’a pas pu être lu. Vérifiez sa valeur.
errors-bad-text = Le texte envoyé contient des caractères qui ne peuvent pas être conservés (caractères de contrôle ou marques invisibles). Supprimez-les et envoyez à nouveau.
errors-field-path = le segment de chemin { $n }
errors-field-query = le paramètre de requête { $name }
errors-field-form = le champ de formulaire { $name }
errors-text-nul = Dans { $field }, le caractère { $at } est un caractère NUL (U+0000) ; supprimez-le.
errors-text-control = Dans { $field }, le caractère { $at } est le caractère de contrôle { $code } ; supprimez-le.
errors-text-utf8 = Le segment de chemin { $n } n’est pas de l’UTF-8 valide une fois décodé.
errors-bad-zone = tz : ce fuseau horaire est inconnu ; utilisez un nom comme Europe/Paris ou Asia/Kolkata.
errors-unsupported = La requête est dans un format que cette page ne lit pas. Envoyez le formulaire depuis ce site.
errors-method = { $method } n’est pas accepté sur { $path } ; utilisez { $allowed }.
errors-too-many = Trop de tentatives. Attendez { $seconds } secondes, puis réessayez.
errors-internal = Une erreur s’est produite de notre côté. Les détails figurent dans le journal du serveur.
errors-database-down = La base de données ne répond pas. Réessayez dans un instant.
