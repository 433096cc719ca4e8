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
