### Relevés : les périodes en cours et les relevés clôturés d’un client, la page imprimable d’un
### relevé, son export CSV, et la page Utilisation tardive (périodes clôturées dont les chiffres
### actuels diffèrent de ce qui a été facturé).

## Navigation

statements-nav-late-usage = Utilisation tardive

## templates/customers/show.html

statements-current-title = Période en cours de { $id } ({ $product })
statements-current-live = { $start } – { $end }, en direct : ces chiffres évoluent à mesure que l’utilisation arrive, jusqu’à la clôture de la période.
statements-current-label = Période en cours de { $id }
statements-current-total = Total à ce jour
statements-list-title = Relevés de { $id }
statements-list-label = Relevés de { $id }
statements-list-empty = Aucun relevé pour l’instant : le relevé d’une période est établi à sa clôture, peu après la fin de la période.
statements-col-statement = Relevé
statements-col-billing-cycle = Période de facturation
statements-col-closed = Clôturé le
statements-col-total = Montant total

## templates/statements/show.html

statements-show-title = Relevé { $id }
statements-show-download-csv = Télécharger le CSV
statements-show-print = Imprimer
statements-show-prop-customer = Client
statements-show-prop-subscription = Abonnement
statements-show-product-link = produit
statements-show-prop-billing-cycle = Période de facturation
statements-show-prop-period = Période
statements-show-period = { $start } – { $end }
statements-show-prop-closed = Clôturé le
statements-show-prop-closed-at = Date de clôture
statements-show-prop-currency = Devise
statements-show-frozen-note = Un relevé clôturé ne change jamais. L’utilisation qui arrive, est invalidée ou annulée plus tard pour cette période apparaît comme un ajustement sur le relevé suivant de l’abonnement.
statements-show-lines-label = Lignes du relevé
statements-show-col-line = Ligne
statements-show-col-meter = Dispositif de mesure
statements-show-col-for-cycle = Pour la période
statements-show-col-consumed = Consommation
statements-show-col-free = Seuil gratuit
statements-show-col-free-threshold = Seuil gratuit
statements-show-col-chargeable = Facturable
statements-show-col-price = Prix
statements-show-col-charge = Montant facturé
statements-show-col-consumed-delta = Écart de consommation
statements-show-col-charge-delta = Écart de montant
statements-show-this-cycle = cette période
statements-show-total = Montant total
statements-show-no-lines = Cette période n’avait aucune ligne facturée à l’utilisation : le montant total du relevé est nul.
statements-not-found = Aucun relevé n’a l’ID { $id }.

## src/portal/statements/views.rs

statements-line-usage = Utilisation
statements-line-adjustment = Ajustement
statements-line-adjustment-for = Ajustement : utilisation tardive pour { $period }

## src/portal/statements/handlers.rs export_csv

statements-csv-statement = Relevé
statements-csv-customer = Client
statements-csv-subscription = Abonnement
statements-csv-period-start = Début de période
statements-csv-period-end = Fin de période
statements-csv-line = Ligne
statements-csv-meter = Dispositif de mesure
statements-csv-meter-id = ID du dispositif de mesure
statements-csv-for-period-start = Début de la période concernée
statements-csv-for-period-end = Fin de la période concernée
statements-csv-consumed = Consommation
statements-csv-free-threshold = Seuil gratuit
statements-csv-chargeable = Facturable
statements-csv-price = Prix
statements-csv-charge = Montant facturé
statements-csv-consumed-delta = Écart de consommation
statements-csv-charge-delta = Écart de montant
statements-csv-currency = Devise
statements-csv-closed-at = Date de clôture
statements-csv-usage = Utilisation
statements-csv-adjustment = Ajustement
statements-csv-total = Montant total

## templates/statements/late.html

statements-late-title = Utilisation tardive
statements-late-lead = Utilisation arrivée, invalidée ou annulée après la clôture de sa période de facturation. Un relevé clôturé ne change jamais : l’écart est facturé une seule fois, comme ajustement sur le relevé suivant de l’abonnement.
statements-late-pending-title = En attente : sur le prochain relevé
statements-late-pending-empty = Les chiffres actuels de chaque période clôturée correspondent à ce qui a été facturé.
statements-late-pending-label = Ajustements en attente
statements-late-billed-title = Ajustements facturés
statements-late-billed-empty = Aucun relevé n’a encore comporté d’ajustement.
statements-late-billed-label = Ajustements facturés
statements-late-col-statement = Relevé
statements-late-col-customer = Client
statements-late-col-subscription = Abonnement
statements-late-col-meter = Dispositif de mesure
statements-late-col-closed-cycle = Période clôturée
statements-late-col-for-cycle = Pour la période
statements-late-col-billed = Facturé
statements-late-col-live = Actuellement
statements-late-col-consumed-delta = Écart de consommation
statements-late-col-charge-delta = Écart de montant
