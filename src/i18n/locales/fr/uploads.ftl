### Gestion des données : la liste des chargements, le formulaire de chargement, un chargement
### (simulation, validation, lignes rejetées, annulation) et les messages sur un fichier CSV et
### ses lignes. Les noms de colonnes (timestamp, event_name, payload_…) restent tels quels.

## templates/uploads/list.html

uploads-list-title = Gestion des données
uploads-upload-title = Charger des données d’utilisation
uploads-list-no-meters = Aucun dispositif de mesure actif pour l’instant — <a href="/meters/new">créez un dispositif de mesure</a> d’abord ; un chargement ajoute des événements à un seul dispositif de mesure.
uploads-list-heading = Chargements
uploads-list-empty = Aucun chargement pour l’instant. Chargez un fichier CSV ci-dessus ou envoyez des événements à <code>POST /api/v1/events/ingest</code>.
uploads-list-table-label = Chargements
uploads-list-col-file = Fichier
uploads-list-col-meter = Dispositif de mesure
uploads-list-col-who = Auteur
uploads-list-col-when = Date
uploads-list-col-status = État
uploads-list-col-rows = Lignes
uploads-list-col-accepted = Acceptées
uploads-list-col-rejected = Rejetées
uploads-list-fixes = corrige le n° { $id }
uploads-list-pager-label = Pages
uploads-list-newest = Chargements les plus récents
uploads-list-older = Chargements plus anciens
uploads-who-api-key = Clé API { $key }

## templates/uploads/status.html

uploads-status-succeeded = réussi
uploads-status-partially-failed = partiellement échoué
uploads-status-failed = échoué
uploads-status-dry-run = simulation
uploads-status-rolled-back = annulé
uploads-status-processing = en cours de traitement
uploads-status-all-fixed = toutes les lignes enregistrées après corrections
uploads-status-all-fixed-title = Certaines lignes ont été rejetées ; des fichiers corrigés les ont toutes enregistrées

## templates/uploads/form.html

uploads-form-meter-label = Dispositif de mesure
uploads-form-meter-option = { $name } ({ $event })
uploads-form-file-label = Fichier CSV (5 Mo au plus)
uploads-form-file-help = En-tête : <code>timestamp,event_name,payload_customer_id,payload_&lt;property&gt;</code> — le modèle de Stripe (<code>payload_stripe_customer_id</code>) fonctionne tel quel. Téléchargez le modèle d’un dispositif de mesure depuis sa page.
uploads-form-dry-run = Simulation : vérifier chaque ligne et montrer ce que chaque dispositif de mesure gagnerait, sans rien stocker pour l’instant
uploads-form-submit = Charger
uploads-form-progress-label = Progression du chargement

## templates/uploads/new.html

uploads-new-crumb = Charger
uploads-new-title-fix = Charger le fichier corrigé du chargement n° { $id }
uploads-new-no-meters = Aucun dispositif de mesure actif — <a href="/meters/new">créez un dispositif de mesure</a> d’abord.

## templates/uploads/show.html

uploads-show-title = Chargement n° { $id }
uploads-show-prop-upload = Chargement
uploads-show-corrects = corrige le <a href="/uploads/{ $id }">chargement n° { $id }</a>
uploads-show-prop-meter = Dispositif de mesure
uploads-show-prop-when = Date
uploads-show-prop-file = Fichier
uploads-show-file-size =
    { $size ->
        [one] { $size } octet, SHA-256
       *[other] { $size } octets, SHA-256
    }
uploads-show-prop-rows = Lignes
uploads-show-rows = { $total } dans le fichier : { $accepted } acceptées, { $duplicates } déjà stockées (doublons), { $rejected } rejetées
uploads-show-rows-dry-run = { $total } dans le fichier : { $accepted } seraient acceptées, { $duplicates } déjà stockées (doublons), { $rejected } rejetées
uploads-show-prop-fixed = Corrigées depuis
uploads-show-fixed =
    { $fixed ->
        [one] { $fixed } ligne rejetée sur { $rejected } est désormais stockée
       *[other] { $fixed } lignes rejetées sur { $rejected } sont désormais stockées
    }
uploads-show-prop-rolled-back = Annulé
uploads-show-rolled-back = ses événements ont été invalidés et ne comptent plus
uploads-show-prop-committed = Validé sous
uploads-show-committed-link = chargement n° { $id }
uploads-show-api-dry-run-title = Simulation via l’API — rien n’est stocké
uploads-show-api-dry-run-note = Cette simulation a été faite via l’API. Elle conserve ses lignes rejetées (voir le fichier d’erreurs ci-dessous), mais pas le fichier : pour stocker les lignes, chargez à nouveau le fichier corrigé.
uploads-show-commit-title = Simulation — rien n’est encore stocké
uploads-show-same-file = Ce même fichier a déjà été chargé : <a href="/uploads/{ $id }">chargement n° { $id }</a> ({ $time }). Le charger à nouveau ajoute ses lignes une seconde fois, sauf si elles portent un identifiant.
uploads-show-confirm-duplicate = Oui, charger ce fichier à nouveau
uploads-show-commit =
    { $count ->
        [one] Valider : stocker la ligne acceptée ({ $count })
       *[other] Valider : stocker les { $count } lignes acceptées
    }
uploads-show-gains-title = Ce que chaque dispositif de mesure a gagné
uploads-show-gains-title-dry-run = Ce que chaque dispositif de mesure gagnerait
uploads-show-gains-col-meter = Dispositif de mesure
uploads-show-gains-col-customer = Client
uploads-show-gains-col-events = Événements
uploads-show-gains-col-quantity = Quantité
uploads-show-gains-max = (maximum)
uploads-show-gains-min = (minimum)
uploads-show-gains-avg = (moyenne)
uploads-show-gains-last = (dernière valeur)
uploads-show-gains-unique-count = (valeurs distinctes dans le fichier)
uploads-show-rejects-title = Lignes rejetées
uploads-show-rejects-help = Téléchargez le fichier d’erreurs : les lignes rejetées telles que chargées, avec une colonne <code>error</code>. Corrigez-les dans ce fichier et chargez-le à nouveau ci-dessous.
uploads-show-download-errors = Télécharger le fichier d’erreurs
uploads-show-by-reason = Par motif :
uploads-show-reason-count = { $code } × { $count }
uploads-show-rejects-col-row = Ligne
uploads-show-rejects-col-reason = Motif
uploads-show-rejects-col-cells = Cellules
uploads-show-rejects-more = Seules les { $shown } premières sont affichées ; le fichier d’erreurs les contient toutes ({ $total }).
uploads-show-fix-title = Charger le fichier corrigé
uploads-show-fix-file-label = CSV corrigé
uploads-show-fix-submit = Charger le fichier corrigé
uploads-show-rollback-title = Annuler le chargement
uploads-show-rollback-help =
    { $count ->
        [one] Invalide l’événement ({ $count }) stocké par ce chargement : il cesse de compter, l’utilisation est recalculée et l’action est consignée dans le journal d’audit.
       *[other] Invalide les { $count } événements stockés par ce chargement : ils cessent de compter, l’utilisation est recalculée et l’action est consignée dans le journal d’audit.
    }
uploads-show-rollback-confirm =
    { $count ->
        [one] Annuler le chargement n° { $id } ? Son événement ({ $count }) cessera de compter.
       *[other] Annuler le chargement n° { $id } ? Ses { $count } événements cesseront de compter.
    }
uploads-show-rollback-submit = Annuler ce chargement

## src/portal/uploads/handlers.rs, src/uploads/service.rs, src/web/multipart.rs

uploads-error-empty-file = Le fichier est vide.
uploads-error-no-file = Choisissez un fichier CSV à charger.
uploads-error-same-file = Ce fichier a déjà été chargé (chargement n° { $id }). Cochez la confirmation pour le charger à nouveau.
uploads-error-no-meter = Aucun dispositif de mesure n’a l’ID { $id }.
uploads-error-meter-archived = Le dispositif de mesure { $name } est archivé et n’accepte plus de nouveaux événements ; désarchivez-le d’abord.
uploads-error-no-upload = Aucun chargement n° { $id }.
uploads-error-fix-other-meter = Un fichier corrigé va au même dispositif de mesure que le chargement qu’il corrige.
uploads-error-too-large = Le fichier dépasse { $mb } Mo. Découpez-le en fichiers plus petits et chargez-les un par un.
uploads-error-not-dry-run = Le chargement n° { $id } n’est pas une simulation.
uploads-error-dry-run-no-file = La simulation n° { $id } a été faite via l’API et n’a pas conservé son fichier : chargez à nouveau le fichier pour le stocker.
uploads-error-already-committed = Cette simulation a déjà été validée : chargement n° { $id }.
uploads-error-cannot-roll-back = Seul un chargement qui a stocké des événements peut être annulé ; celui-ci est à l’état « { $status } ».
uploads-error-nothing-stored = { $message } Rien de ce fichier n’a été stocké.
uploads-error-database = Le traitement s’est arrêté sur une erreur de base de données et rien de ce fichier n’a été stocké. Chargez-le à nouveau ; si l’erreur se reproduit, les détails figurent dans le journal du serveur.
uploads-error-unreadable-form = Le chargement n’a pas pu être lu : { $error }. Envoyez le formulaire en multipart/form-data, avec le fichier dans le champ « file ».
uploads-error-request-too-large = La requête de chargement dépasse { $bytes } octets : envoyez le fichier CSV (au plus { $mb } Mo) et quelques champs courts.
uploads-error-file-twice = Le champ « file » est envoyé deux fois ; envoyez un seul fichier par chargement.

## src/uploads/csv_file/header.rs

uploads-header-first-line = La première ligne doit être l’en-tête.
uploads-header-wrong-separator = Les colonnes sont séparées par { $separator }, et non par des virgules. Enregistrez le fichier au format CSV avec des virgules (dans Excel : CSV UTF-8 (délimité par des virgules)).
uploads-header-separator-tabs = des tabulations
uploads-header-column-unnamed = La colonne { $column } n’a pas de nom.
uploads-header-column-bad-text = La colonne { $name } { $problem }.
uploads-header-column-should-be = La colonne { $name } devrait s’appeler { $expected }.
uploads-header-payload-no-key = La colonne « payload_ » n’a pas de nom de propriété après payload_.
uploads-header-payload-key-too-long = La colonne { $name } nomme une propriété de { $chars } caractères ; { $max } au plus.
uploads-header-unknown =
    { $count ->
        [one] Colonne inconnue : { $columns }.
       *[other] Colonnes inconnues : { $columns }.
    }
uploads-header-repeated =
    { $count ->
        [one] La colonne { $columns } apparaît plusieurs fois.
       *[other] Les colonnes { $columns } apparaissent plusieurs fois.
    }
uploads-header-two-customer-columns = Utilisez une seule colonne client, payload_customer_id ou payload_stripe_customer_id, pas les deux.
uploads-header-missing =
    { $count ->
        [one] Colonne manquante : { $columns }.
       *[other] Colonnes manquantes : { $columns }.
    }
uploads-header-list-more = { $list } et { $count } de plus
uploads-header-expected = En-tête attendu : { $header } (la colonne payload_stripe_customer_id de Stripe fonctionne aussi ; identifier et les autres colonnes payload_… sont facultatives).
uploads-file-unreadable = Le fichier n’a pas pu être lu comme un CSV : { $error }
uploads-file-unreadable-at = Le fichier n’a pas pu être lu comme un CSV (ligne { $line }) : { $error }
uploads-file-unclosed-quote = Le guillemet (") qui ouvre une cellule à la ligne { $line } n’est jamais fermé : le reste du fichier serait lu comme une seule cellule. Fermez le guillemet (écrivez "" pour un guillemet à l’intérieur d’une cellule entre guillemets) et chargez le fichier à nouveau.

## src/uploads/csv_file/mod.rs, src/ingest/pipeline.rs, src/text.rs

uploads-row-wrong-cell-count =
    { $count ->
        [one] la ligne a { $count } cellule, l’en-tête en a { $width }
       *[other] la ligne a { $count } cellules, l’en-tête en a { $width }
    }
uploads-row-timestamp = timestamp : { $error }
uploads-row-no-event-name = event_name est vide
uploads-row-no-customer = { $column } est vide
uploads-row-identifier-too-long = identifier compte { $chars } caractères ; { $max } au plus
uploads-row-value-too-long = payload_{ $key } compte { $chars } caractères ; { $max } au plus
uploads-row-nul = { $column } contient un caractère NUL (U+0000) au caractère { $at } ; supprimez-le
uploads-row-control = { $column } contient le caractère de contrôle { $code } au caractère { $at } ; supprimez-le
uploads-row-cell = cellule { $number }
uploads-text-nul = contient un caractère NUL (U+0000) au caractère { $at } ; supprimez-le
uploads-text-control = contient le caractère de contrôle { $code } au caractère { $at } ; supprimez-le
uploads-row-unknown-customer = Aucun client n’a l’ID « { $id } » (colonne payload_customer_id) : créez-le sur la page Clients (Clients → Nouveau client), ou corrigez l’ID, puis chargez à nouveau le fichier d’erreurs
uploads-row-no-meter = aucun dispositif de mesure actif n’écoute l’event_name « { $name } » — créez d’abord un dispositif de mesure pour lui, ou vérifiez l’orthographe (les noms d’événements sont sensibles à la casse)
uploads-row-no-meter-did-you-mean = aucun dispositif de mesure actif n’écoute l’event_name « { $name } » — vouliez-vous dire « { $suggestion } » ? Les noms d’événements sont sensibles à la casse
uploads-row-property = le dispositif de mesure « { $meter } » ({ $id }, { $what }) : { $reason }

## The portal's words for the upload messages above (src/portal/uploads/messages.rs).

uploads-row-value-missing = la colonne payload_{ $key } n’a pas de valeur
uploads-row-value-not-number = la colonne payload_{ $key } vaut { $found }, ce n’est pas un nombre
uploads-row-value-too-many-digits = la colonne payload_{ $key } vaut { $found }, qui a trop de chiffres (au plus 16 avant et 12 après la virgule)
uploads-row-value-no-value = la colonne payload_{ $key } vaut { $found } : donnez une chaîne, un nombre ou un booléen à compter
uploads-row-timestamp-future = timestamp { $time } : plus de { $minutes } minutes dans le futur (heure du serveur : { $now }) ; vérifiez l’horloge de l’expéditeur
uploads-file-not-csv = Ce fichier est { $kind }, pas un fichier CSV. Chargez les données de consommation sous forme de fichier CSV : dans un tableur, Fichier → Enregistrer sous / Télécharger → CSV UTF-8, ou remplissez le modèle CSV du dispositif de mesure.
uploads-file-kind-pdf = un document PDF
uploads-file-kind-xlsx = un classeur Excel (.xlsx)
uploads-file-kind-ods = un tableur ou document OpenDocument (.ods, .odt)
uploads-file-kind-docx = un document Word (.docx)
uploads-file-kind-zip = une archive ZIP
uploads-file-kind-xls = un ancien fichier Office (comme un classeur Excel .xls)
uploads-file-kind-png = une image PNG
uploads-file-kind-jpeg = une image JPEG
uploads-file-kind-gif = une image GIF
uploads-file-kind-webp = une image WebP
uploads-file-kind-gzip = un fichier compressé par gzip
uploads-file-not-utf8 = Le fichier n’est pas encodé en UTF-8 (ligne { $line }). Enregistrez-le au format CSV UTF-8 et chargez-le à nouveau.
uploads-file-no-rows = Le fichier n’a aucune ligne de données : sous la ligne d’en-tête, ajoutez une ligne par événement de mesure (voir le modèle).
uploads-form-upload-failed = Le chargement n’a pas atteint le serveur. Vérifiez la connexion et réessayez.

## templates/uploads/list.html and show.html, added with the page's conversion

uploads-list-kinds-label = Quels chargements
uploads-list-tab-uploads = Chargements
uploads-list-tab-dry-runs = Simulations
uploads-list-tab-all = Tous
uploads-list-empty-dry-runs = Aucune simulation.
uploads-show-all-fixed = Toutes les lignes de ce fichier sont stockées.
