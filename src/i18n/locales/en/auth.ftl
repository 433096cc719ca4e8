### The sign-in page.

login-title = Sign in
login-heading = Sign in
login-email = Email
login-password = Password
login-submit = Sign in
login-failed = Email or password is incorrect.
# { $minutes } is how long the operator must wait.
login-throttled =
    { $minutes ->
        [one] Too many failed sign-in attempts. Try again in { $minutes } minute.
       *[other] Too many failed sign-in attempts. Try again in { $minutes } minutes.
    }
