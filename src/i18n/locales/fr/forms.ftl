### Ce que tous les formulaires partagent.

form-correct-following = Veuillez corriger les points suivants :
form-correct-field = Veuillez corriger le champ signalé ci-dessous.
form-cancel = Annuler
form-save-changes = Enregistrer les modifications
form-remove = Supprimer
form-edit = Modifier
form-copy = Copier
pager-aria = Pages
pager-first = Première page
pager-next = Page suivante
table-actions = Actions
