### Paramètres : préférences, organisation, opérateurs, clés API, journal d’audit, mot de passe.


## The settings page.

settings-title = Paramètres
settings-password-link = Mon mot de passe
settings-password-desc = Modifiez le mot de passe avec lequel vous vous connectez.
settings-operators-link = Opérateurs
settings-operators-desc = Qui peut se connecter, et avec quel rôle.
settings-api-keys-link = Clés API
settings-api-keys-desc = Les clés que votre produit utilise pour envoyer les événements d’utilisation et appeler l’API.
settings-audit-link = Journal d’audit
settings-audit-desc = Chaque modification faite par les opérateurs, par qui et quand.

## Your preferences: every operator's own language and time zone.

prefs-heading = Vos préférences
prefs-lead = La langue dans laquelle le portail s’adresse à vous et le fuseau horaire de ses heures. Seul votre compte change.
prefs-language = Langue
prefs-language-browser = Celle de mon navigateur
prefs-language-help = Sans choix, le portail suit la langue demandée par votre navigateur.
prefs-language-unknown = Choisissez l’une des langues proposées.
prefs-zone-organisation = Celui de l’organisation ({ $zone })
prefs-zone-help = Les heures sont affichées dans ce fuseau avec leur décalage ; les jours, semaines et mois des graphiques le suivent.
prefs-now = Maintenant dans votre fuseau horaire : { $time }
prefs-save = Enregistrer mes préférences

## The organisation's time zone (admins).

org-heading = Organisation
org-zone-label = Fuseau horaire de l’organisation
org-zone-help = Le fuseau horaire de chaque opérateur qui n’a pas choisi le sien. Les périodes de facturation restent ancrées au début de chaque abonnement.
org-save = Enregistrer le fuseau horaire de l’organisation

## Operators.

operators-title = Opérateurs
operators-created = { $email } peut maintenant se connecter.
operators-one-time-password = Mot de passe à usage unique, affiché seulement maintenant — transmettez-le de manière sûre ; il doit être changé à la première connexion :
operators-add = Ajouter un opérateur
operators-email = E-mail
operators-role = Rôle
operators-role-help = Administrateur : tout. Éditeur : dispositifs de mesure, produits, clients, utilisation. Lecteur : lecture seule.
operators-add-submit = Ajouter l’opérateur
operators-status = Statut
operators-added = Ajouté le
operators-you = vous
operators-role-of = Rôle de { $email }
operators-change = Modifier
status-disabled = désactivé
status-one-time-password = mot de passe à usage unique
status-active = actif
status-revoked = révoquée
operators-enable = Réactiver
operators-disable = Désactiver
operators-disable-confirm = Désactiver { $email } ? Cette personne est déconnectée immédiatement.
operators-role-invalid = Choisissez administrateur, éditeur ou lecteur.
operators-email-exists = Un opérateur avec l’e-mail { $email } existe déjà.
operators-only-admin = C’est le seul administrateur actif. Nommez d’abord un autre opérateur administrateur.
operators-not-yourself = Vous ne pouvez pas désactiver votre propre compte.
email-empty = Saisissez une adresse e-mail.
email-too-long = Une adresse e-mail compte au plus 254 caractères.
email-invalid = Saisissez une adresse e-mail comme ana@example.com.

## API keys.

api-keys-title = Clés API
api-keys-lead = Votre produit envoie l’utilisation avec { $header } à { $path }.
api-keys-created = Clé API « { $name } » créée. Copiez-la maintenant : elle n’est affichée qu’une fois et n’est conservée que sous forme d’empreinte.
api-keys-create = Créer une clé
api-keys-name = Nom
api-keys-name-help = Où elle est utilisée, par exemple « application de production ».
api-keys-create-submit = Créer la clé
api-keys-empty = Aucune clé API pour l’instant — créez-en une ci-dessus pour que votre produit envoie son utilisation.
api-keys-key = Clé
api-keys-created-at = Créée le
api-keys-last-used = Dernière utilisation
api-keys-by = par { $email }
api-keys-never = jamais
api-keys-revoke = Révoquer
api-keys-revoke-confirm = Révoquer « { $name } » ? Les requêtes qui l’utilisent seront refusées immédiatement.
api-keys-name-invalid = Donnez à la clé un nom de 1 à 100 caractères, par exemple « application de production ».
api-keys-already-revoked = Cette clé est déjà révoquée.

## The audit log.

audit-title = Journal d’audit
audit-empty = Rien n’est encore enregistré. Chaque modification faite par un opérateur apparaît ici.
audit-when = Quand
audit-who = Qui
audit-action = Action
audit-target = Cible
audit-details = Détails
audit-older = Entrées plus anciennes
audit-actor-cli = ligne de commande
audit-actor-system = Meterdesk (automatique)
audit-actor-api-key = clé API « { $name } » (n° { $id })

## Changing one's password.

password-title = Changer de mot de passe
password-heading = Changez votre mot de passe
password-forced = Votre compte a été créé avec un mot de passe à usage unique. Choisissez votre propre mot de passe pour continuer.
password-current = Mot de passe actuel
password-new = Nouveau mot de passe
password-new-help = Au moins 12 caractères. Quelques mots sans rapport entre eux en font un bon.
password-confirm = Nouveau mot de passe, à nouveau
password-submit = Changer le mot de passe
password-current-wrong = Le mot de passe actuel est incorrect.
password-mismatch = Les deux nouveaux mots de passe diffèrent.
password-same = Choisissez un mot de passe différent de l’actuel.
password-too-short = Utilisez au moins 12 caractères.
password-too-long = Utilisez au plus 256 caractères.
