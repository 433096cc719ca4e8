### Counts, relative times, chart labels and time zones, used across pages.

events-count =
    { $count ->
        [one] { $count } event
       *[other] { $count } events
    }
meters-count =
    { $count ->
        [one] { $count } meter
       *[other] { $count } meters
    }
customers-count =
    { $count ->
        [one] { $count } customer
       *[other] { $count } customers
    }

## Relative times, shown when hovering over a time.

time-just-now = just now
time-in-moments = in a few seconds
time-minutes-ago =
    { $count ->
        [one] { $count } minute ago
       *[other] { $count } minutes ago
    }
time-hours-ago =
    { $count ->
        [one] { $count } hour ago
       *[other] { $count } hours ago
    }
time-days-ago =
    { $count ->
        [one] { $count } day ago
       *[other] { $count } days ago
    }
time-months-ago =
    { $count ->
        [one] { $count } month ago
       *[other] { $count } months ago
    }
time-years-ago =
    { $count ->
        [one] { $count } year ago
       *[other] { $count } years ago
    }
time-in-minutes =
    { $count ->
        [one] in { $count } minute
       *[other] in { $count } minutes
    }
time-in-hours =
    { $count ->
        [one] in { $count } hour
       *[other] in { $count } hours
    }
time-in-days =
    { $count ->
        [one] in { $count } day
       *[other] in { $count } days
    }
time-in-months =
    { $count ->
        [one] in { $count } month
       *[other] in { $count } months
    }
time-in-years =
    { $count ->
        [one] in { $count } year
       *[other] in { $count } years
    }

## Charts. { $date } is a day label such as "Nov 30".

chart-week-of = Week of { $date }

## Time zones.

timezone-label = Time zone
timezone-required = The time zone is required; choose one such as Europe/Paris or Asia/Kolkata.
# { $given } is what the operator typed.
timezone-unknown = “{ $given }” is not a time zone name; choose one such as Europe/Paris, America/New_York or Asia/Kolkata.
timezone-did-you-mean = “{ $given }” is not a time zone name; did you mean { $suggestion }?
