### Nombres, temps relatifs, graphiques et fuseaux horaires.

events-count =
    { $count ->
        [one] { $count } événement
       *[other] { $count } événements
    }
meters-count =
    { $count ->
        [one] { $count } dispositif de mesure
       *[other] { $count } dispositifs de mesure
    }
customers-count =
    { $count ->
        [one] { $count } client
       *[other] { $count } clients
    }

## Temps relatifs.

time-just-now = à l’instant
time-in-moments = dans quelques secondes
time-minutes-ago =
    { $count ->
        [one] il y a { $count } minute
       *[other] il y a { $count } minutes
    }
time-hours-ago =
    { $count ->
        [one] il y a { $count } heure
       *[other] il y a { $count } heures
    }
time-days-ago =
    { $count ->
        [one] il y a { $count } jour
       *[other] il y a { $count } jours
    }
time-months-ago = il y a { $count } mois
time-years-ago =
    { $count ->
        [one] il y a { $count } an
       *[other] il y a { $count } ans
    }
time-in-minutes =
    { $count ->
        [one] dans { $count } minute
       *[other] dans { $count } minutes
    }
time-in-hours =
    { $count ->
        [one] dans { $count } heure
       *[other] dans { $count } heures
    }
time-in-days =
    { $count ->
        [one] dans { $count } jour
       *[other] dans { $count } jours
    }
time-in-months = dans { $count } mois
time-in-years =
    { $count ->
        [one] dans { $count } an
       *[other] dans { $count } ans
    }

## Graphiques.

chart-week-of = Semaine du { $date }

## Fuseaux horaires.

timezone-label = Fuseau horaire
timezone-required = Le fuseau horaire est obligatoire ; choisissez-en un, par exemple Europe/Paris ou Asia/Kolkata.
timezone-unknown = « { $given } » n’est pas un nom de fuseau horaire ; choisissez-en un, par exemple Europe/Paris, America/New_York ou Asia/Kolkata.
timezone-did-you-mean = « { $given } » n’est pas un nom de fuseau horaire ; vouliez-vous dire { $suggestion } ?
