### Dispositifs de mesure : la liste, le formulaire et son générateur de filtres, la page d’un
### dispositif, le flux en direct, le banc d’essai et les messages de validation.

## templates/meters/list.html

meters-list-title = Dispositifs de mesure
meters-list-new = Nouveau dispositif de mesure
meters-list-tabs-label = État des dispositifs de mesure
meters-list-tab-active = Actifs
meters-list-tab-archived = Archivés
meters-list-empty-editor = Aucun dispositif de mesure pour l’instant — <a href="/meters/new">créez votre premier dispositif de mesure</a> pour transformer les événements d’utilisation en quantités facturables.
meters-list-empty-viewer = Aucun dispositif de mesure pour l’instant — un éditeur peut en créer.
meters-list-empty-archived = Aucun dispositif de mesure archivé.
meters-list-table-label = Dispositifs de mesure
meters-list-col-meter = Dispositif de mesure
meters-list-col-event-name = Nom de l’événement
meters-list-col-aggregation = Agrégation
meters-list-col-unit = Unité
meters-list-col-filter = Filtre
meters-list-every-event = tous les événements
meters-list-pager-label = Pages
meters-list-first-page = Première page
meters-list-next-page = Page suivante

## src/meters/model.rs, aggregation_words.

meters-aggregation-words-count = nombre d’événements
meters-aggregation-words-sum = somme de { $key }
meters-aggregation-words-max = maximum de { $key }
meters-aggregation-words-min = minimum de { $key }
meters-aggregation-words-avg = moyenne de { $key }
meters-aggregation-words-last = dernière valeur de { $key }
meters-aggregation-words-unique-count = nombre de valeurs distinctes de { $key }

## templates/meters/form.html

meters-form-title-new = Nouveau dispositif de mesure
meters-form-title-edit = Modifier le dispositif de mesure
meters-form-crumb-new = Nouveau
meters-form-crumb-edit = Modifier
meters-form-save-hidden = Enregistrer
meters-form-section-meter = Dispositif de mesure
meters-form-name-label = Nom
meters-form-name-help = Affiché dans les rapports, par exemple Jetons, Appels API.
meters-form-description-label = Description (facultative)
meters-form-event-name-label = Nom de l’événement
meters-form-event-name-help = L’event_name qu’envoie votre produit, par exemple api.call. La correspondance est exacte et sensible à la casse : API.call est un autre événement.
meters-form-section-aggregation = Agrégation
meters-form-aggregation-label = Type d’agrégation
meters-form-aggregation-key-label = Propriété (sauf pour le nombre)
meters-form-aggregation-key-help = La clé de métadonnées à lire, par exemple tokens ou user_id. Somme, maximum, minimum, moyenne et dernière valeur exigent un nombre ; le nombre de valeurs distinctes accepte toute valeur. Laissez vide pour le nombre.
meters-form-unit-label = Unité
meters-form-unit-help = Affichée à côté des quantités : appels, jetons, Go.
meters-form-filter-title = Filtre d’événements
meters-form-filter-enabled = Ne compter que les événements qui remplissent ces conditions
meters-form-filter-help = Une condition compare une clé de métadonnées à une valeur. Les comparaisons de texte sont sensibles à la casse ; « supérieur à » et ses semblables ne comparent que des nombres. Une condition portant sur une clé absente de l’événement est fausse. Les groupes s’imbriquent sur 3 niveaux au plus, avec 1 à 10 clauses chacun.
meters-form-preview-title = Aperçu : ce mois-ci, par client
meters-form-preview-empty = Aucun client n’a d’utilisation pour ce dispositif de mesure ce mois-ci, ni avant ni après la modification.
meters-form-preview-col-customer = Client
meters-form-preview-col-now = Actuellement
meters-form-preview-col-after = Après la modification
meters-form-preview-changed = modifié
meters-form-preview-help = Rien n’est encore enregistré. L’enregistrement recalcule l’utilisation de ce dispositif de mesure à partir des événements stockés.
meters-form-preview-button = Prévisualiser la modification
meters-form-save = Enregistrer les modifications
meters-form-create = Créer un dispositif de mesure
meters-form-cancel = Annuler

## src/portal/meters/pages.rs, FormPage::aggregations.

meters-form-aggregation-count = Nombre — nombre d’événements
meters-form-aggregation-sum = Somme — total d’une propriété
meters-form-aggregation-max = Maximum — plus grande valeur d’une propriété
meters-form-aggregation-min = Minimum — plus petite valeur d’une propriété
meters-form-aggregation-avg = Moyenne — valeur moyenne d’une propriété
meters-form-aggregation-last = Dernière valeur — valeur la plus récente d’une propriété
meters-form-aggregation-unique-count = Valeurs distinctes — nombre de valeurs distinctes d’une propriété

## templates/meters/builder.html

meters-builder-group-legend = Groupe de conditions
meters-builder-match-label = Correspondance
meters-builder-remove-group = Supprimer le groupe
meters-builder-add-condition = Ajouter une condition
meters-builder-add-group = Ajouter un groupe
meters-builder-key-label = Clé
meters-builder-key-placeholder = par ex. region
meters-builder-comparator-label = Comparateur
meters-builder-value-label = Valeur
meters-builder-value-placeholder = par ex. eu-west
meters-builder-remove = Supprimer

## src/portal/meters/builder.rs, src/metering/filter/mod.rs

meters-builder-conj-and = Toutes les conditions (ET)
meters-builder-conj-or = Au moins une condition (OU)
meters-filter-keyword-and = ET
meters-filter-keyword-or = OU
meters-operator-equals = est égal à
meters-operator-not-equals = est différent de
meters-operator-greater-than = supérieur à
meters-operator-greater-than-or-equals = supérieur ou égal à
meters-operator-less-than = inférieur à
meters-operator-less-than-or-equals = inférieur ou égal à
meters-operator-contains = contient
meters-operator-does-not-contain = ne contient pas
meters-filter-condition = { $key } { $operator } { $value }

## src/metering/filter/parse.rs

meters-filter-key-empty = Ne doit pas être vide ; indiquez la clé de métadonnées à tester, par exemple « region ».
meters-filter-key-too-long = Compte { $chars } caractères ; une clé en compte au plus { $max }.
meters-filter-nul = Ne doit pas contenir le caractère NUL.
meters-filter-value-too-long = Compte { $chars } caractères ; une valeur texte en compte au plus { $max }.
meters-filter-needs-number = « { $operator } » compare des nombres ; indiquez un nombre, par exemple 100.
meters-filter-needs-number-too-many-digits = « { $operator } » compare des nombres ; indiquez un nombre, par exemple 100 ({ $value } a trop de chiffres : au plus { $int } avant et { $frac } après la virgule).
meters-filter-number-too-many-digits = { $value } a trop de chiffres ; un nombre compte au plus { $int } chiffres avant et { $frac } après la virgule.
meters-filter-too-deep = Les groupes s’imbriquent sur { $max } niveaux au plus. Remontez les clauses de ce groupe d’un niveau.
meters-filter-group-empty = Un groupe contient de 1 à { $max } clauses ; celui-ci n’en a aucune. Ajoutez une condition ou supprimez le groupe.
meters-filter-group-too-many = Un groupe contient de 1 à { $max } clauses ; celui-ci en a { $count }. Répartissez-les dans des groupes imbriqués.
meters-filter-unknown-operator = comparateur inconnu { $given } ; utilisez l’un de ceux-ci : { $names }
meters-filter-unknown-conjunction = conjonction inconnue { $given } ; utilisez "and" ou "or"

## src/meters/model.rs, src/validation.rs, src/metering/aggregation.rs

meters-error-name-required = Saisissez un nom pour le dispositif de mesure.
meters-error-unit-required = Saisissez l’unité affichée dans les rapports, par exemple appels, jetons, Go.
meters-error-too-long =
    { $max ->
        [one] Utilisez au plus { $max } caractère.
       *[other] Utilisez au plus { $max } caractères.
    }
meters-error-event-name-required = Saisissez le nom de l’événement qu’envoie votre produit, par exemple api.call.
meters-error-event-name-spaces = Les noms d’événements sont comparés exactement : supprimez les espaces au début ou à la fin.
meters-error-aggregation-unknown = Agrégation inconnue « { $given } » ; utilisez count, sum, max, min, avg, last ou unique_count.
meters-error-aggregation-key-missing = { $aggregation } a besoin d’une clé : la propriété de métadonnées à lire, par exemple « bytes ».
meters-error-aggregation-key-not-allowed = Le nombre n’a pas besoin de clé : il compte les événements.
meters-error-aggregation-key-too-long = La clé compte { $chars } caractères ; une clé en compte au plus 100.
meters-error-aggregation-key-nul = La clé ne doit pas contenir le caractère NUL.
meters-error-not-found = Aucun dispositif de mesure n’a l’ID { $id }.
meters-error-text-nul = Ce texte contient un caractère NUL (U+0000) en position { $at } ; supprimez-le.
meters-error-text-control = Ce texte contient le caractère de contrôle { $code } en position { $at } ; supprimez-le.
meters-error-property-missing = Propriété : saisissez la clé de métadonnées à lire — { $aggregation } en a besoin, par exemple tokens ou bytes.
meters-error-property-not-allowed = Propriété : laissez-la vide pour un comptage, qui compte les événements.
meters-error-property-too-long = Propriété : cette clé fait { $chars } caractères ; 100 au plus.
meters-error-property-nul = Propriété : la clé ne doit pas contenir le caractère NUL.
meters-error-condition = Condition { $number }
meters-error-condition-key = Condition { $number } ({ $key })
meters-error-the-filter = Le filtre
meters-error-group = Groupe { $number }
meters-error-filter-key-empty = { $which } : la clé est vide — indiquez la clé de métadonnées à tester, par exemple « region ».
meters-error-filter-at = { $which } : { $message }
meters-error-filter-field = { $which }, { $field } : { $message }
meters-error-filter-shape = Cette partie du filtre n’est pas valide : choisissez un comparateur dans la liste et indiquez une valeur.

## templates/meters/show.html

meters-show-archived-badge = archivé
meters-show-edit = Modifier
meters-show-archive = Archiver
meters-show-archive-confirm = Archiver { $name } ? Il conserve ses données, mais n’accepte plus de nouveaux événements.
meters-show-unarchive = Désarchiver
meters-show-stats-label = Ce mois-ci
meters-show-events-this-month = Événements ce mois-ci
meters-show-quantity-this-month = { $aggregation } ce mois-ci
meters-show-stats-note = Tous les clients, du { $start } au { $end } (mois civil). La facture de chaque client suit sa propre période de facturation.
meters-show-definition-title = Ce qu’il mesure
meters-show-definition = Mesure : { $aggregation } des événements { $event }, en { $unit }.
meters-show-definition-filtered = Mesure : { $aggregation } des événements { $event } pour lesquels { $filter }, en { $unit }.
meters-show-prop-id = ID
meters-show-prop-event-name = Nom de l’événement
meters-show-prop-exact = (exact, sensible à la casse)
meters-show-prop-aggregation = Agrégation
meters-show-prop-unit = Unité
meters-show-prop-filter = Filtre
meters-show-prop-no-filter = aucun — chaque événement portant ce nom compte
meters-show-prop-status = État
meters-show-prop-created = Créé
meters-show-prop-updated = Mis à jour
meters-status-active = actif
meters-status-archived = archivé
meters-show-cycle-title = Clients sur la période de facturation en cours
meters-show-cycle-empty = Aucun client n’est abonné à un produit utilisant ce dispositif de mesure. <a href="/products">Associez-le à un produit</a>, puis abonnez des clients.
meters-show-cycle-col-customer = Client
meters-show-cycle-col-cycle = Période (propre au client)
meters-show-cycle-col-free = Seuil gratuit
meters-show-cycle-col-charge = Montant facturé
meters-show-cycle-help = Les { $count } premiers par ID client. Tous : <a href="/analytics/customers">Analyses → Clients</a>.
meters-show-stream-title = Flux d’événements en direct
meters-show-stream-col-event-id = ID de l’événement
meters-show-stream-col-customer = Client
meters-show-stream-col-timestamp = Horodatage
meters-show-stream-col-source = Source
meters-show-stream-all-events = Tous les événements que compte ce dispositif de mesure
meters-show-stream-refresh = Actualiser
meters-show-add-usage-title = Ajouter des données de consommation
meters-show-manual-title = Saisie manuelle des données de consommation
meters-show-manual-customer-label = Client
meters-show-manual-customer-placeholder = Rechercher par ID, e-mail ou nom
meters-show-manual-customer-help = L’ID client, par exemple cus_QMJJtcu70R1x46.
meters-show-manual-count-label = Nombre d’événements
meters-show-manual-count-help = Chacun compte une fois. Vide signifie 1.
meters-show-manual-value-label = Valeur de { $key }
meters-show-manual-unique-help = La valeur que compte cet événement, par exemple un ID utilisateur. Les valeurs sont comparées comme du texte ; 1 et 1.0 sont le même nombre.
meters-show-manual-number-help = Un nombre, par exemple 250 ou 0.5.
meters-show-manual-negative = Enregistrer une valeur négative (elle réduit l’utilisation)
meters-show-manual-time-label = Heure (facultative)
meters-show-manual-time-help = Vide = maintenant. 2024-09-23, 2024-09-23 16:22:25 ({ $zone }) ou 2024-09-23T16:22:25+05:30.
meters-show-manual-properties-label = Propriétés pour le filtre
meters-show-manual-properties-help = clé=valeur, une par ligne. Ce dispositif de mesure ne compte que les événements pour lesquels { $filter }.
meters-show-manual-submit = Envoyer
meters-show-upload-title = Charger des données d’utilisation
meters-show-template-link = Télécharger le modèle CSV
meters-show-template-rest = de ce dispositif de mesure.
meters-show-bench-title = Pourquoi un événement n’est-il pas compté ?
meters-show-bench-event-label = ID de l’événement
meters-show-bench-event-placeholder = par ex. evt_123
meters-show-bench-submit = Le tester avec ce dispositif de mesure
meters-show-bench-help = Ou <a href="{ $url }">collez un événement au format JSON</a>. Le banc d’essai montre, vérification par vérification, pourquoi ce dispositif de mesure le compte ou non.
meters-show-uploads-title = Chargements récents
meters-show-uploads-empty = Aucun pour l’instant.
meters-show-uploads-rows =
    { $total ->
        [one] { $accepted } ligne sur { $total } acceptée, { $time }
       *[other] { $accepted } lignes sur { $total } acceptées, { $time }
    }
meters-show-uploads-all = Tous les chargements

## templates/meters/stream.html

meters-stream-empty = Aucun événement compté pour l’instant.

## src/ingest/manual.rs

meters-manual-error-property-line = Ligne { $line } : écrivez chaque propriété sous la forme clé=valeur, par exemple region=eu.
meters-manual-error-archived = Ce dispositif de mesure est archivé et n’accepte plus de nouveaux événements.
meters-manual-error-customer = Choisissez un client.
meters-manual-error-count = Pour un dispositif de mesure de type nombre, indiquez combien d’événements ajouter : de 1 à { $max }.
meters-manual-error-unique-value = Saisissez la valeur de { $key } que compte cet événement, par exemple un ID utilisateur.
meters-manual-error-negative = { $value } est négatif : il réduit l’utilisation de ce dispositif de mesure. Cochez « Enregistrer une valeur négative » pour l’enregistrer quand même, ou saisissez un nombre positif.
meters-manual-error-future = { $time } est dans le futur : une saisie manuelle enregistre une consommation déjà survenue. Saisissez une heure passée, ou laissez le champ vide pour maintenant.
meters-manual-error-number = Saisissez { $key } sous forme de nombre, par exemple 250 ou 0.5 (sans séparateur de milliers).
meters-manual-error-no-property = Ce dispositif de mesure n’a aucune propriété à enregistrer.
meters-manual-error-filter = Le filtre de ce dispositif de mesure ne compterait pas l’événement : { $reasons }. Ajoutez ci-dessous les propriétés dont il a besoin.

## templates/meters/test.html

meters-test-title = Tester un événement — { $name }
meters-test-crumb = Tester un événement
meters-test-heading = Pourquoi cet événement est-il compté (ou non) ?
meters-test-lead = Ce dispositif de mesure compte : { $aggregation } des événements { $event }.
meters-test-lead-filtered = Ce dispositif de mesure compte : { $aggregation } des événements { $event } pour lesquels { $filter }.
meters-test-stored-title = Un événement stocké
meters-test-event-id-label = ID de l’événement
meters-test-event-id-placeholder = par ex. evt_123
meters-test-event-id-help = Copiez-le depuis <a href="/analytics/events">Événements</a> ou depuis les lignes d’un chargement.
meters-test-submit = Tester cet événement
meters-test-pasted-title = Un événement au format JSON
meters-test-json-label = Événement
meters-test-verdict-counted = compté
meters-test-verdict-not-counted = non compté
meters-test-counts = Ce dispositif de mesure compte l’{ $source }
meters-test-does-not-count = Ce dispositif de mesure ne compte pas l’{ $source }
meters-test-checks-label = Vérifications
meters-test-col-check = Vérification
meters-test-col-result = Résultat
meters-test-col-why = Pourquoi
meters-test-passes = réussie
meters-test-fails = échouée
meters-test-filter-title = Le filtre, condition par condition
meters-test-event-title = L’événement
meters-test-prop-event-name = Nom de l’événement
meters-test-prop-customer = Client
meters-test-prop-timestamp = Horodatage

## src/meters/bench.rs

meters-bench-source-stored = événement stocké { $id }
meters-bench-source-pasted = événement collé
# JSON collé refusé par l’analyseur (src/meters/bench_json.rs).
meters-bench-json = Ce n’est pas encore du JSON : { $problem }.
meters-bench-json-at = Ce n’est pas encore du JSON — ligne { $line }, colonne { $column } : { $problem }.
meters-bench-json-at-near = Ce n’est pas encore du JSON — ligne { $line }, colonne { $column }, juste après « { $near } » : { $problem }.
meters-bench-json-unclosed-object = le texte s’arrête avant la fin de l’événement : il manque une accolade fermante {"}"}
meters-bench-json-unclosed-list = le texte s’arrête dans une liste : il manque un crochet fermant ]
meters-bench-json-unclosed-string = le texte s’arrête dans un texte entre guillemets : il manque le " fermant
meters-bench-json-ends-before-value = le texte s’arrête là où une valeur était attendue
meters-bench-json-comma-or-brace = une virgule ou une accolade fermante {"}"} est attendue ici — manque-t-il une virgule entre deux entrées ?
meters-bench-json-comma-or-bracket = une virgule ou un crochet fermant ] est attendu ici — manque-t-il une virgule entre deux éléments ?
meters-bench-json-colon = deux-points sont attendus entre une clé et sa valeur, comme dans "region": "eu"
meters-bench-json-key-not-quoted = les clés s’écrivent entre guillemets doubles, comme "region"
meters-bench-json-trailing-comma = supprimez la virgule avant le crochet ou l’accolade fermante
meters-bench-json-trailing-characters = il reste du texte après l’événement : collez un seul objet événement
meters-bench-json-value-expected = une valeur est attendue ici : un texte entre guillemets doubles (pas simples), un nombre, true, false ou null
meters-bench-json-control-character = un texte entre guillemets contient un saut de ligne ou une tabulation : écrivez-les \n ou \t
meters-bench-json-invalid-escape = une barre oblique inverse dans un texte entre guillemets commence un échappement inconnu : écrivez \\ pour une barre oblique inverse
meters-bench-json-invalid-number = ce nombre n’est pas écrit comme JSON écrit les nombres (des chiffres, un seul point décimal)
meters-bench-json-other = le texte n’est pas du JSON valide à cet endroit
meters-bench-not-object = Collez un seul objet événement, par exemple {"{"}"event_name": "api.call", "customer_id": "cus_1", "metadata": {"{"}"region": "eu"{"}"}{"}"}.
meters-bench-metadata-not-object = metadata doit être un objet de clés et de valeurs.
meters-bench-timestamp-invalid = timestamp : { $error }
meters-bench-timestamp-not-string = timestamp doit être une chaîne comme 2024-09-23T16:22:25Z.
meters-bench-no-event-name = L’événement a besoin d’un event_name.
meters-bench-no-stored-event = Aucun événement stocké n’a l’ID « { $id } ».
meters-bench-check-event-name = Nom de l’événement
meters-bench-check-status = État du dispositif de mesure
meters-bench-check-filter = Filtre
meters-bench-check-property = Propriété
meters-bench-check-customer = Client
meters-bench-check-period = Période
meters-bench-event-name-matches = « { $name } » est le nom d’événement de ce dispositif de mesure
meters-bench-event-name-differs = « { $name } » n’est pas « { $expected } »
meters-bench-event-name-differs-case = « { $name } » n’est pas « { $expected } » — ils ne diffèrent que par la casse ou la ponctuation ; les noms d’événements sont comparés exactement
meters-bench-status-active = actif
meters-bench-status-archived = archivé : il n’accepte plus de nouveaux événements
meters-bench-filter-none = aucun filtre : chaque événement portant ce nom compte
meters-bench-filter-holds = les conditions sont remplies (voir ci-dessous)
meters-bench-filter-fails = les conditions ne sont pas remplies (voir ci-dessous)
meters-bench-property-count = nombre : l’événement lui-même est l’unité
meters-bench-customer-missing = pas de customer_id
meters-bench-customer-exists = { $id } existe
meters-bench-customer-unknown = « { $id } » n’est pas un client connu : ses événements sont refusés
meters-bench-period-none = pas d’horodatage : il recevrait l’heure de réception
meters-bench-period-in = { $time } figure dans les chiffres de ce mois-ci
meters-bench-period-out = { $time } est hors de ce mois-ci (du { $start } au { $end }) : il compte dans sa propre période, pas dans les chiffres de ce mois-ci

## src/metering/aggregation.rs ValueError

meters-value-missing = la propriété « { $key } » est absente
meters-value-not-number = la propriété « { $key } » vaut { $found }, ce n’est pas un nombre
meters-value-too-many-digits = la propriété « { $key } » vaut { $found }, qui a trop de chiffres (au plus 16 avant et 12 après la virgule)
meters-value-no-value = la propriété « { $key } » vaut { $found } : indiquez une chaîne, un nombre ou un booléen à compter
meters-value-a-list = une liste
meters-value-an-object = un objet

## src/metering/filter/eval.rs

meters-explain-all-of = Toutes les conditions
meters-explain-any-of = Au moins une condition
meters-explain-group-all =
    { $holding ->
        [one] { $holding } clause sur { $total } remplie ; toutes doivent l’être
       *[other] { $holding } clauses sur { $total } remplies ; toutes doivent l’être
    }
meters-explain-group-any =
    { $holding ->
        [one] { $holding } clause sur { $total } remplie ; une seule suffit
       *[other] { $holding } clauses sur { $total } remplies ; une seule suffit
    }
meters-explain-key-missing = la clé { $key } est absente
meters-explain-key-null = la clé { $key } est nulle
meters-explain-key-holds = la clé { $key } contient { $value }
meters-explain-filter-not-number = la valeur du filtre { $filter } n’est pas un nombre
meters-explain-not-number = { $value } n’est pas un nombre
meters-explain-equals = { $value } est égal à { $filter }
meters-explain-not-equal = { $value } est différent de { $filter }
meters-explain-equals-as-numbers = { $value } est égal à { $filter } (comparés comme nombres)
meters-explain-not-equal-as-numbers = { $value } est différent de { $filter } (comparés comme nombres)
meters-explain-greater = { $value } est supérieur à { $filter }
meters-explain-not-greater = { $value } n’est pas supérieur à { $filter }
meters-explain-greater-or-equal = { $value } est supérieur ou égal à { $filter }
meters-explain-less = { $value } est inférieur à { $filter }
meters-explain-not-less = { $value } n’est pas inférieur à { $filter }
meters-explain-less-or-equal = { $value } est inférieur ou égal à { $filter }
meters-explain-contains = { $value } contient { $filter }
meters-explain-not-contains = { $value } ne contient pas { $filter }
meters-explain-case-differs = { $value } est différent de { $filter } (la casse diffère ; les comparaisons sont sensibles à la casse)
meters-explain-not-contains-case-differs = { $value } ne contient pas { $filter } (la casse diffère ; les comparaisons sont sensibles à la casse)

## src/metering/timestamp.rs

meters-timestamp-formats = utilisez 2024-09-23, 2024-09-23 16:22:25 (dans votre fuseau horaire), 2024-09-23T16:22:25Z, 2024-09-23T16:22:25+05:30 (ou +0530) ou des secondes Unix comme 1727108545
meters-timestamp-empty = l’horodatage est vide ; { $help }
meters-timestamp-invalid = { $given } n’est pas un horodatage reconnu ; { $help }
meters-timestamp-not-a-date = { $given } n’est pas une date réelle ; { $help }
meters-timestamp-out-of-range = { $given } est hors limites
meters-timestamp-milliseconds = { $given } est trop grand pour des secondes Unix (des millisecondes ? supprimez les trois derniers chiffres) ; { $help }
meters-timestamp-non-ascii-digit = { $given } contient le chiffre { $char } au caractère { $at } ; utilisez les chiffres ASCII 0-9, comme dans 2024-09-23 ou 2024-09-23T16:22:25Z
meters-timestamp-bad-character = { $given } contient le caractère { $char } au caractère { $at }, qu’aucun horodatage ne contient ; { $help }

## Manual entry refused (templates/meters/show.html, src/portal/meters/handlers.rs).

meters-show-manual-nothing-recorded = Rien n’a été enregistré. Veuillez corriger les points suivants :
meters-show-manual-unknown-customer = Aucun client n’a encore l’ID { $id }. { $link } (donnez-lui cet ID), puis enregistrez à nouveau la consommation — ou choisissez un client existant dans la liste.
meters-show-manual-create-customer = Créer le client
meters-manual-error-unknown-customer = Aucun client n’a l’ID « { $id } » : créez-le d’abord (Clients → Nouveau client), ou choisissez-en un dans la liste.

## templates/meters/archive.html (archiving a meter that live products price)

meters-archive-title = Archiver { $name } ?
meters-archive-crumb = Archiver
meters-archive-live-products = Des produits actifs tarifent ce dispositif de mesure :
meters-archive-subscriptions =
    { $count ->
        [one] { $count } abonnement actif
       *[other] { $count } abonnements actifs
    }
meters-archive-consequence = Une fois archivé, le dispositif de mesure n’accepte plus de nouveaux événements : l’utilisation envoyée pour lui à partir de maintenant n’est pas comptée, et ces abonnements cessent donc d’accumuler des montants facturés pour lui.
meters-archive-confirm-submit = Archiver quand même
meters-archive-keep = Le garder actif
