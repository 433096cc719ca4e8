### Analyses : la vue d’ensemble et son graphique, la table des événements, un événement (son
### origine, les dispositifs de mesure qui le comptent, l’invalidation), les événements qu’aucun
### dispositif ne compte, la table des clients et son export CSV, et le rapprochement.

## templates/analytics/nav.html

analytics-nav-label = Analyses
analytics-nav-overview = Vue d’ensemble
analytics-nav-events = Événements
analytics-nav-customers = Clients
analytics-nav-unmatched = Événements non comptés
analytics-nav-reconciliation = Rapprochement

## templates/analytics/overview.html

analytics-overview-title = Analyses
analytics-overview-activity = Activité
analytics-overview-events-month = Événements ce mois-ci
analytics-overview-events-all = { $count } au total
analytics-overview-active-month = Clients actifs ce mois-ci
analytics-overview-active-all = { $count } ont déjà envoyé des données d’utilisation
analytics-overview-charges = Montants facturés à l’utilisation, périodes en cours
analytics-overview-charges-sub =
    { $count ->
        [one] { $count } abonnement, au { $time }
       *[other] { $count } abonnements, au { $time }
    }
analytics-overview-month-note = Ce mois-ci : depuis le { $time }. La facture de chaque client suit sa propre période de facturation — voir <a href="/analytics/customers">Clients</a>.
analytics-overview-usage-title = Utilisation par dispositif de mesure
analytics-overview-no-meters = Aucun dispositif de mesure actif pour l’instant — <a href="/meters/new">créez-en un</a>.
analytics-overview-col-meter = Dispositif de mesure
analytics-overview-col-aggregation = Agrégation
analytics-overview-col-month = Ce mois-ci
analytics-overview-col-all-time = Depuis le début
analytics-overview-chart-title = Quantité mesurée
analytics-overview-range = Période
analytics-overview-range-7d = 7 jours
analytics-overview-range-30d = 30 jours
analytics-overview-range-90d = 90 jours
analytics-overview-range-12m = 12 mois
analytics-overview-range-custom = Personnalisée
analytics-overview-custom-from = Début de la période personnalisée
analytics-overview-custom-to = Fin de la période personnalisée
analytics-overview-from = Du
analytics-overview-to-exclusive = Au (exclu)
analytics-overview-granularity = Granularité
analytics-overview-granularity-day = Jour
analytics-overview-granularity-week = Semaine
analytics-overview-granularity-month = Mois
analytics-overview-meters = Dispositifs de mesure
analytics-overview-update = Mettre à jour le graphique
analytics-overview-chart-empty = Rien à afficher pour l’instant : les dispositifs de mesure apparaissent ici dès qu’ils comptent des événements.
analytics-overview-chart-refused = Pas de graphique pour cette période : corrigez-la ci-dessus, puis Mettre à jour le graphique.
analytics-overview-show-data = Afficher les données

## src/portal/analytics/overview.rs, src/analytics/chart/mod.rs, src/analytics/chart/time.rs

analytics-overview-error-custom-range = Indiquez les deux dates d’une période personnalisée.
analytics-error-end-before-start = La fin doit être postérieure au début.
analytics-overview-error-too-many-bars = Cela fait plus de { $max } barres : choisissez une granularité plus large ou une période plus courte.
analytics-chart-summary = { $title } ; { $facts }
analytics-chart-names-and = { $rest } et { $last }
analytics-chart-series-unit = { $name } ({ $unit })
analytics-chart-no-periods = aucune période dans l’intervalle
analytics-chart-zero-every-day = { $quantity } chaque jour
analytics-chart-zero-every-week = { $quantity } chaque semaine
analytics-chart-zero-every-month = { $quantity } chaque mois
analytics-chart-max = maximum { $quantity } { $when }
analytics-chart-max-min = maximum { $quantity } { $when }, minimum { $min } { $min-when }
analytics-chart-on-day = le { $period }
analytics-chart-in-period = en { $period }
analytics-chart-series-facts = { $name } : { $facts }
analytics-chart-bar = { $name } · { $period } · { $value }
analytics-chart-bar-unit = { $name } · { $period } · { $value } { $unit }
analytics-chart-week-of = semaine du { $date }
analytics-chart-bar-period = { $period }, du { $start } au { $end }
analytics-chart-title-day = { $names } par jour, du { $from } au { $to }
analytics-chart-title-week = { $names } par semaine, du { $from } au { $to }
analytics-chart-title-month = { $names } par mois, du { $from } au { $to }
analytics-chart-sentence = { $facts }.
analytics-chart-tick-thousand = { $n } k
analytics-chart-tick-million = { $n } M
analytics-chart-tick-billion = { $n } Md
analytics-chart-tick-trillion = { $n } Bn

## templates/analytics/events.html

analytics-events-title = Événements
analytics-events-unmatched-link = Événements qu’aucun dispositif de mesure ne compte
analytics-events-lead = Tous les événements d’utilisation stockés, du plus récent au plus ancien. Ouvrez-en un pour voir ses métadonnées, sa provenance et les dispositifs de mesure qui le comptent.
analytics-events-filter-label = Filtrer les événements
analytics-events-meter-label = Dispositif de mesure
analytics-events-any-event = Tous les événements
analytics-events-meter-option = { $name } ({ $event })
analytics-events-meter-option-archived = { $name } ({ $event }) — archivé
analytics-events-meter-help = Uniquement les événements que compte ce dispositif de mesure : son nom d’événement et son filtre.
analytics-events-event-name-label = Nom de l’événement
analytics-events-event-name-help = Exact et sensible à la casse, par exemple api.call.
analytics-events-customer-label = ID client
analytics-events-customer-help = Exact, par exemple cus_QMJJtcu70R1x46.
analytics-events-from-label = Du (heure de l’événement)
analytics-events-from-help = Inclus.
analytics-events-to-label = Au
analytics-events-to-help = Exclu ; une date seule inclut ce jour-là.
analytics-events-source-label = Source
analytics-events-any-source = Toutes les sources
analytics-source-api = API
analytics-source-manual = Saisie manuelle
analytics-source-upload = Chargement CSV
analytics-source-stripe = Événements de mesure Stripe
analytics-source-cloudevents = CloudEvents
analytics-events-apply = Appliquer les filtres
analytics-events-clear = Effacer
analytics-events-times-help = Heures : 2024-09-23, 2024-09-23 16:22 ou 2024-09-23 16:22:25, 2024-09-23T16:22:25Z, 2024-09-23T16:22:25+05:30, ou des secondes Unix comme 1727108545. Les heures sans fuseau sont dans votre fuseau horaire ({ $zone }).
analytics-events-meter-scope = Événements que compte { $meter } : événements { $event }.
analytics-events-meter-scope-filtered = Événements que compte { $meter } : événements { $event } pour lesquels { $filter }.
analytics-events-meter-scope-archived = Événements que compte { $meter } : événements { $event } reçus avant son archivage le { $time }.
analytics-events-meter-scope-filtered-archived = Événements que compte { $meter } : événements { $event } pour lesquels { $filter }, reçus avant son archivage le { $time }.
analytics-events-no-more = Plus d’événements. <a href="{ $url }">Retour aux plus récents</a>.
analytics-events-empty = Aucun événement pour l’instant — envoyez-les à <code>POST /api/v1/events/ingest</code> avec une clé API, ou ajoutez des données d’utilisation sur la <a href="/meters">page d’un dispositif de mesure</a> (saisie manuelle ou chargement CSV).
analytics-events-no-match = Aucun événement ne correspond à ces filtres.
analytics-events-name-conflict = Le dispositif de mesure écoute { $listens }, mais le filtre sur le nom d’événement demande { $asked } : effacez l’un des deux.
analytics-events-unknown-customer = Aucun client n’a l’ID { $id } — les ID client sont exacts et sensibles à la casse. <a href="{ $url }">Rechercher des clients</a>.
analytics-events-no-match-help = Les noms d’événements et les ID client sont comparés exactement. Élargissez la période, ou consultez les <a href="/analytics/unmatched">événements qu’aucun dispositif de mesure ne compte</a>.
analytics-events-table-label = Événements
analytics-events-col-event-name = Nom de l’événement
analytics-events-col-event-id = ID de l’événement
analytics-events-col-customer = Client
analytics-events-col-timestamp = Horodatage
analytics-events-col-source = Source
analytics-events-only-named = Uniquement les événements nommés { $name }
analytics-events-only-customer = Uniquement les événements de ce client
analytics-events-source-stripe = Stripe
analytics-events-source-upload = Chargement
analytics-events-source-upload-number = Chargement n° { $id }
analytics-events-source-upload-row = Chargement n° { $id }, ligne { $row }
analytics-events-pager-label = Pages
analytics-events-newest = Les plus récents
analytics-events-next = Page suivante

## src/analytics/events/query.rs, service.rs

analytics-events-time-forms-below = utilisez l’une des formes indiquées ci-dessous
analytics-events-error-range = La fin de la période doit être postérieure à son début.
analytics-events-error-source = Choisissez API, saisie manuelle, chargement, Stripe ou CloudEvents.
analytics-events-error-no-meter = Aucun dispositif de mesure n’a l’ID { $id } ; choisissez-en un dans la liste.

## templates/analytics/event.html

analytics-event-title = Événement { $id }
analytics-event-heading = Événement
analytics-event-voided-badge = invalidé
analytics-event-customer-events = Événements de ce client
analytics-event-voided-with-reason = <strong>Invalidé { $time }</strong>, pour le motif : <q>{ $reason }</q>. Cet événement ne compte plus pour aucun dispositif de mesure. Son ID reste pris : le même événement envoyé à nouveau est un doublon. Il est conservé ici pour mémoire.
analytics-event-voided-by-rollback = <strong>Invalidé { $time }</strong> : { $upload } a été annulé ; cet événement ne compte donc plus pour aucun dispositif de mesure et son ID peut être envoyé à nouveau. Il est conservé ici pour mémoire.
analytics-event-its-upload = son chargement
analytics-event-upload-link = le chargement n° { $id }
analytics-event-fields-label = Champs de l’événement
analytics-event-prop-id = ID de l’événement
analytics-event-prop-name = Nom de l’événement
analytics-event-matched-exactly = (comparé exactement, sensible à la casse)
analytics-event-prop-customer = Client
analytics-event-no-customer = (ce client n’existe plus)
analytics-event-prop-timestamp = Horodatage
analytics-event-prop-received = Reçu
analytics-event-receipt-order = (ordre de réception n° { $seq })
analytics-event-prop-source = Source

## templates/analytics/event.html, provenance

analytics-lineage-api-key = Envoyé avec la clé API « { $key } » (n° { $id })
analytics-lineage-api-key-deleted = Envoyé avec la clé API n° { $id } (supprimée depuis)
analytics-lineage-api = Envoyé via l’API
analytics-lineage-revoked = révoquée
analytics-lineage-manual = Saisi par { $email } sur la page d’un dispositif de mesure
analytics-lineage-manual-gone = Saisi par l’opérateur n° { $id } (qui n’existe plus) sur la page d’un dispositif de mesure
analytics-lineage-manual-unknown = Saisi à la main sur la page d’un dispositif de mesure
analytics-lineage-upload-row = Ligne { $row } du { $upload }
analytics-lineage-upload-some-row = Une ligne du { $upload }
analytics-lineage-upload = chargement n° { $id } ({ $file }), chargé { $time }
analytics-lineage-upload-by = chargement n° { $id } ({ $file }), chargé { $time } par { $email }
analytics-lineage-upload-with-key = chargement n° { $id } ({ $file }), chargé { $time } avec la clé API « { $key } » (n° { $key-id })
analytics-lineage-upload-rolled-back = — annulé { $time }
analytics-lineage-upload-gone = chargement n° { $id }
analytics-lineage-an-upload = chargement
analytics-lineage-stripe = Envoyé comme événement de mesure Stripe (via <code>/stripe</code>)
analytics-lineage-cloudevent = Envoyé comme CloudEvent (à <code>POST /api/v1/events</code>)
analytics-lineage-with-key = avec la clé API « { $key } » (n° { $id })
analytics-lineage-with-key-deleted = avec la clé API n° { $id } (supprimée depuis)

## templates/analytics/event.html, métadonnées et dispositifs de mesure

analytics-event-metadata-title = Métadonnées
analytics-event-metadata-empty = Aucune métadonnée : l’événement ne porte que son nom, son client et son heure. Les dispositifs de mesure avec un filtre ou une agrégation autre que <code>count</code> ont besoin de propriétés.
analytics-event-metadata-label = Métadonnées
analytics-event-col-key = Clé
analytics-event-col-value = Valeur
analytics-event-col-type = Type
analytics-event-reads-as-number = (lu comme un nombre)
analytics-value-type-string = chaîne
analytics-value-type-number = nombre
analytics-value-type-boolean = booléen
analytics-value-type-null = null
analytics-value-type-list = liste
analytics-value-type-object = objet
analytics-event-meters-title = Dispositifs de mesure qui le comptent
analytics-event-voided-counts-none = Aucun : un événement invalidé ne compte pour aucun dispositif de mesure.
analytics-event-no-meter = Aucun dispositif de mesure n’écoute { $name } : cet événement ne compte donc nulle part pour l’instant. Il est conservé : un dispositif de mesure créé plus tard pour ce nom le comptera aussi.
analytics-event-did-you-mean = <strong>Vouliez-vous dire « { $suggestion } » ?</strong> Un dispositif de mesure écoute { $link } ; les noms d’événements sont comparés exactement, la casse et la ponctuation doivent donc être identiques.
analytics-event-create-meter = <a href="/meters/new">Créer un dispositif de mesure</a> pour { $name }.
analytics-event-counted-by-none = <strong>Aucun dispositif de mesure ne compte cet événement.</strong> Les raisons figurent ci-dessous, dispositif par dispositif.
analytics-event-counted-by = Compté par { $meters }.
analytics-event-all-archived = Tous les dispositifs de mesure de ce nom sont archivés.
analytics-event-badge-active = actif
analytics-event-badge-archived = archivé
analytics-event-badge-counted = compté
analytics-event-badge-not-counted = non compté
analytics-event-definition = Mesure : { $aggregation } des événements { $event }, en { $unit }.
analytics-event-definition-filtered = Mesure : { $aggregation } des événements { $event } pour lesquels { $filter }, en { $unit }.
analytics-event-archived-before = Archivé le { $time }, avant la réception de cet événement : un dispositif de mesure archivé n’accepte plus de nouveaux événements.
analytics-event-archived-after = Archivé le { $time } ; il continue de compter les événements reçus avant cette date, dont celui-ci.
analytics-event-filter-passes = Filtre : l’événement le remplit.
analytics-event-filter-excludes = Filtre : <strong>le filtre exclut l’événement.</strong>
analytics-event-filter-table-label = Filtre de { $name }, condition par condition
analytics-event-col-condition = Condition
analytics-event-col-result = Résultat
analytics-event-col-why = Pourquoi
analytics-event-holds = remplie
analytics-event-fails = non remplie
analytics-event-value-error = L’agrégation ({ $aggregation }) ne peut pas lire cet événement : <strong>{ $error }</strong>.
analytics-event-adds = Ajoute { $value } { $unit }.
analytics-event-would-add = Ajouterait { $value } { $unit }.
analytics-event-counts-one = Compte pour 1 événement.
analytics-event-would-count-one = Compterait pour 1 événement.

## templates/analytics/event.html, src/ingest/void/mod.rs

analytics-void-title = Invalider cet événement
analytics-void-help = Un événement invalidé cesse de compter pour tous les dispositifs de mesure, immédiatement et dans tous les rapports. Il est conservé pour mémoire avec votre motif, et son ID reste pris : si le même événement est envoyé à nouveau, c’est un doublon. Une période déjà clôturée dans un relevé n’est pas modifiée ; la correction apparaît sur le relevé suivant.
analytics-void-reason-label = Motif
analytics-void-reason-help = Par exemple « envoyé deux fois par une nouvelle tentative » ou « trafic de test ». Conservé avec l’événement et dans le journal d’audit.
analytics-void-submit = Invalider cet événement
analytics-void-error-reason-required = Indiquez pourquoi l’événement est invalidé (par exemple « envoyé deux fois par une nouvelle tentative ») : le motif est conservé avec l’événement et dans le journal d’audit.
analytics-void-error-reason-too-long = Le motif compte { $chars } caractères ; { $max } au plus.
analytics-void-error-not-found = Aucun événement stocké n’a l’ID « { $id } ». Les ID sont comparés exactement.
analytics-void-error-already = L’événement « { $id } » a déjà été invalidé, le { $time } ; il ne compte plus.
analytics-void-error-wrong-name = L’événement « { $id } » a pour nom « { $actual } », et non « { $expected } » ; rien n’a été invalidé.
analytics-event-voided-copies-other = Autres copies invalidées de cet ID
analytics-event-voided-copies-earlier = Copies de cet ID invalidées auparavant
analytics-event-voided-copies-label = Copies invalidées
analytics-event-copies-col-why = Pourquoi
analytics-event-copies-col-voided = Invalidée
analytics-event-copies-col-name = Nom de l’événement
analytics-event-copies-col-customer = Client
analytics-event-copies-col-timestamp = Horodatage
analytics-event-voided-own = Invalidée individuellement : { $reason }
analytics-event-voided-rollback = { $upload } annulé
analytics-event-voided-rollback-row = { $upload }, ligne { $row } annulé
analytics-event-not-found-title = Événement introuvable
analytics-event-not-found = Aucun événement portant l’ID { $id } n’est stocké, et aucun n’a été invalidé.
analytics-event-not-found-help = Les ID sont comparés exactement. Un événement refusé par l’API d’ingestion n’est pas stocké : son motif figure dans la réponse de l’API (ou, pour un chargement CSV, dans le fichier d’erreurs du chargement). Recherchez des événements par client, nom ou heure dans la <a href="/analytics/events">table des événements</a>.

## templates/analytics/unmatched.html

analytics-unmatched-title = Événements qu’aucun dispositif de mesure ne compte
analytics-unmatched-all-events = Tous les événements
analytics-unmatched-lead = Une utilisation qui arrive sans rien facturer a généralement un nom d’événement différent de celui du dispositif de mesure (casse, <code>.</code> au lieu de <code>-</code> ou <code>_</code>), ou un filtre de dispositif de mesure qui l’exclut. Ces événements sont stockés : corrigez l’émetteur, ou créez ou modifiez un dispositif de mesure, et ils compteront.
analytics-unmatched-window-label = Fenêtre de temps
analytics-unmatched-last-days =
    { $days ->
        [one] Dernier jour
       *[other] { $days } derniers jours
    }
analytics-unmatched-names-title = Noms d’événements qu’aucun dispositif de mesure actif n’écoute
analytics-unmatched-names-scope =
    { $meters ->
        [one] Événements horodatés depuis le { $time } ({ $days } derniers jours), regroupés par nom d’événement ; les noms sont comparés exactement à ceux du dispositif de mesure actif ({ $meters }). Les événements plus anciens ne sont pas examinés, pour que cette page reste rapide sur des millions d’événements.
       *[other] Événements horodatés depuis le { $time } ({ $days } derniers jours), regroupés par nom d’événement ; les noms sont comparés exactement à ceux des { $meters } dispositifs de mesure actifs. Les événements plus anciens ne sont pas examinés, pour que cette page reste rapide sur des millions d’événements.
    }
analytics-unmatched-names-empty = Chaque événement des { $days } derniers jours porte un nom qu’écoute un dispositif de mesure actif.
analytics-unmatched-names-label = Noms d’événements qu’aucun dispositif de mesure actif n’écoute
analytics-unmatched-col-event-name = Nom de l’événement
analytics-unmatched-col-events = Événements
analytics-unmatched-col-first = Premier événement
analytics-unmatched-col-last = Dernier événement
analytics-unmatched-col-customers = Clients
analytics-unmatched-col-example = Exemple
analytics-unmatched-col-fix = Correction probable
analytics-unmatched-did-you-mean = Vouliez-vous dire « { $suggestion } » ? Un dispositif de mesure actif écoute ce nom.
analytics-unmatched-only-archived = Seuls des dispositifs de mesure archivés l’écoutent : { $meters }.
analytics-unmatched-no-meter = Aucun dispositif de mesure pour l’instant.
analytics-unmatched-no-meter-create = Aucun dispositif de mesure pour l’instant — <a href="/meters/new">créez-en un</a>.
analytics-unmatched-groups-capped = Seuls les 200 noms ayant le plus d’événements sont listés.
analytics-unmatched-names-capped = Il existe plus de 1 000 noms d’événements distincts ; seuls les 1 000 premiers par ordre alphabétique ont été examinés.
analytics-unmatched-excluded-title = Événements exclus par le filtre d’un dispositif de mesure
analytics-unmatched-excluded-scope = Pour chaque dispositif de mesure actif doté d’un filtre : les événements de son nom depuis le { $time } ({ $days } derniers jours) que son filtre exclut. Un autre dispositif de mesure du même nom peut encore les compter ; ouvrez un exemple pour voir pourquoi, condition par condition.
analytics-unmatched-excluded-scope-capped = Pour chaque dispositif de mesure actif doté d’un filtre : les événements de son nom depuis le { $time } ({ $days } derniers jours : les filtres sont évalués sur chaque événement, cette partie porte donc sur 30 jours au plus) que son filtre exclut. Un autre dispositif de mesure du même nom peut encore les compter ; ouvrez un exemple pour voir pourquoi, condition par condition.
analytics-unmatched-no-filters = Aucun dispositif de mesure actif n’a de filtre.
analytics-unmatched-excluded-empty =
    { $meters ->
        [one] Le filtre du dispositif de mesure actif qui en a un ({ $meters }) n’exclut aucun événement des { $days } derniers jours.
       *[other] Les filtres des { $meters } dispositifs de mesure actifs qui en ont un n’excluent aucun événement des { $days } derniers jours.
    }
analytics-unmatched-excluded-heading = Événements nommés { $event } que le filtre de { $meter } exclut
analytics-unmatched-filter = Filtre : { $filter }
analytics-unmatched-excluded-count =
    { $customers ->
        [one] { $excluded } événements sur { $total }, de { $customers } client
       *[other] { $excluded } événements sur { $total }, de { $customers } clients
    }
analytics-unmatched-excluded-span = du { $first } au { $last }
analytics-unmatched-latest = Le plus récent : { $link } — voir pourquoi.
analytics-unmatched-counted-by =
    { $count ->
        [one] { $meters } (sans filtre) compte chaque événement de ce nom, y compris ceux-ci.
       *[other] { $meters } (sans filtre) comptent chaque événement de ce nom, y compris ceux-ci.
    }
analytics-unmatched-meters-capped = Seuls les 50 premiers dispositifs de mesure actifs dotés d’un filtre ont été vérifiés.

## templates/analytics/customers.html, src/analytics/customers/columns.rs

analytics-customers-title = Utilisation par client
analytics-customers-crumb = Clients
analytics-customers-heading = Clients
analytics-export-csv = Exporter en CSV
analytics-customers-period-label = Période de facturation
analytics-customers-at-label = Période de facturation contenant
analytics-customers-at-help = La période propre à chaque abonnement. Les heures sont dans votre fuseau horaire ({ $zone }). Laissez l’intervalle vide.
analytics-customers-from-label = ou du
analytics-customers-to-label = au (exclu)
analytics-show = Afficher
analytics-customers-edit-columns = Modifier les colonnes
analytics-customers-columns-legend = Afficher ces colonnes (client et dispositif de mesure sont toujours affichés)
analytics-customers-save-columns = Enregistrer les colonnes
analytics-customers-empty = Aucun abonnement n’est actif sur cette période. Abonnez des clients à un produit facturé à l’utilisation depuis leur page.
analytics-customers-correct-period = Corrigez la période ci-dessus.
analytics-customers-table-label = Utilisation par client et par dispositif de mesure
analytics-customers-charge-help = Montant facturé = max(0, consommation − seuil gratuit) × prix unitaire, arrondi une seule fois, au demi supérieur, à la plus petite unité de la devise. Cliquez sur un en-tête de colonne pour trier cette page.
analytics-customers-table-scrolls = Utilisation par client et par dispositif de mesure (défilant)
analytics-customers-export-help = L’export contient toujours l’e-mail du client, l’abonnement et la période de facturation, quelles que soient les colonnes affichées ici.
analytics-customers-pager-label = Pages
analytics-customers-first-page = Première page
analytics-customers-next-page = Page suivante
analytics-column-customer = Client
analytics-column-email = E-mail du client
analytics-column-subscription = Abonnement
analytics-column-product = Produit
analytics-column-period = Période de facturation
analytics-column-meter = Dispositif de mesure
analytics-column-free-threshold = Seuil gratuit
analytics-column-price = Prix
analytics-column-last-event = Dernier événement
analytics-column-consumed = Unités consommées
analytics-column-chargeable = Unités facturables
analytics-column-charge = Montant facturé à l’utilisation
analytics-column-total = Montant total facturé

## src/analytics/customers/columns.rs display, price_words

analytics-cell-period-title = du { $start } au { $end } (fin exclue)
analytics-cell-no-event = aucun événement sur cette période
analytics-cell-last-event-title = { $time }, { $ago }
analytics-price-per-unit = { $price } par unité ({ $unit })
analytics-price-per-package = { $price } par lot de { $size } { $unit }
analytics-price-package-up = tout lot entamé est facturé
analytics-price-package-down = lots complets uniquement
analytics-price-tier-up-to = jusqu’à { $quantity } : { $price } par unité ({ $unit })
analytics-price-tier-above = au-delà de { $quantity } : { $price } par unité ({ $unit })
analytics-price-tier-fee = { $tier } + { $fee }
analytics-price-tiers =
    { $count ->
        [one] { $model }, { $count } palier
       *[other] { $model }, { $count } paliers
    }
analytics-price-model-graduated = paliers progressifs
analytics-price-model-volume = paliers de volume

## src/analytics/customers/period.rs

analytics-customers-error-end = La fin doit être postérieure au début.
analytics-customers-error-range-too-long = Un intervalle couvre au plus { $max } jours.
analytics-customers-error-end-missing = Indiquez aussi la fin de l’intervalle, ou laissez les deux vides.
analytics-customers-error-start-missing = Indiquez aussi le début de l’intervalle, ou laissez les deux vides.

## En-tête de l’export CSV des clients (lu par des personnes) : dans la langue de l’opérateur ; l’export de l’API garde les noms techniques.

analytics-customers-csv-customer-id = Identifiant client
analytics-customers-csv-customer-name = Nom du client
analytics-customers-csv-customer-email = E-mail du client
analytics-customers-csv-subscription-id = Identifiant d’abonnement
analytics-customers-csv-product = Produit
analytics-customers-csv-period-start = Début de période
analytics-customers-csv-period-end = Fin de période
analytics-customers-csv-meter-id = Identifiant du dispositif de mesure
analytics-customers-csv-meter = Dispositif de mesure
analytics-customers-csv-unit = Unité
analytics-customers-csv-free-threshold = Seuil gratuit
analytics-customers-csv-price-per-unit = Prix unitaire
analytics-customers-csv-price = Prix
analytics-customers-csv-currency = Devise
analytics-customers-csv-last-event-at = Dernier événement
analytics-customers-csv-consumed = Consommé
analytics-customers-csv-chargeable = Facturable
analytics-customers-csv-charge = Montant
analytics-customers-csv-total = Total

## templates/analytics/reconciliation.html

analytics-reconciliation-title = Rapprochement
analytics-reconciliation-from = Du
analytics-reconciliation-to = Au (exclu)
analytics-reconciliation-to-help = Par défaut : ce mois-ci dans votre fuseau horaire ({ $zone }).
analytics-reconciliation-uploads = Chargements
analytics-reconciliation-no-uploads = Aucun chargement sur cette période.
analytics-reconciliation-col-upload = Chargement
analytics-reconciliation-col-meter = Dispositif de mesure
analytics-reconciliation-col-status = État
analytics-reconciliation-col-rows = Lignes
analytics-reconciliation-col-accepted = Acceptées
analytics-reconciliation-col-duplicates = Doublons
analytics-reconciliation-col-rejected = Rejetées
analytics-reconciliation-col-reasons = Par motif
analytics-reconciliation-col-in-file = Dans le fichier
analytics-reconciliation-col-aggregated = Agrégé actuellement
analytics-reconciliation-col-difference = Écart
analytics-reconciliation-help = « Dans le fichier » additionne la propriété du dispositif de mesure sur chaque ligne (les lignes, pour un dispositif de type nombre) ; « Agrégé actuellement » est ce que le dispositif compte aujourd’hui à partir des événements stockés du chargement — lignes rejetées, doublons, lignes exclues par son filtre et annulations expliquent l’écart.
analytics-reconciliation-meters = Dispositifs de mesure, { $from } → { $to }
analytics-reconciliation-col-events = Événements comptés
analytics-reconciliation-col-quantity = Quantité
analytics-reconciliation-col-from-uploads = Issue des chargements de la période
analytics-reconciliation-from-uploads =
    { $count ->
        [one] { $value } { $unit } ({ $count } chargement)
       *[other] { $value } { $unit } ({ $count } chargements)
    }

## En-tête de l’export CSV du rapprochement : lisible par machine, à garder tel quel.

analytics-reconciliation-csv-upload-id = upload_id
analytics-reconciliation-csv-file-name = file_name
analytics-reconciliation-csv-meter = meter
analytics-reconciliation-csv-status = status
analytics-reconciliation-csv-uploaded-at = uploaded_at
analytics-reconciliation-csv-rows = rows
analytics-reconciliation-csv-accepted = accepted
analytics-reconciliation-csv-duplicates = duplicates
analytics-reconciliation-csv-rejected = rejected
analytics-reconciliation-csv-rejected-by-reason = rejected_by_reason
analytics-reconciliation-csv-value-in-file = value_in_file
analytics-reconciliation-csv-value-aggregated = value_aggregated
analytics-reconciliation-csv-events-aggregated = events_aggregated
analytics-reconciliation-csv-difference = difference
