### Page de connexion.

login-title = Se connecter
login-heading = Se connecter
login-email = E-mail
login-password = Mot de passe
login-submit = Se connecter
login-failed = L’e-mail ou le mot de passe est incorrect.
login-throttled =
    { $minutes ->
        [one] Trop de tentatives de connexion infructueuses. Réessayez dans { $minutes } minute.
       *[other] Trop de tentatives de connexion infructueuses. Réessayez dans { $minutes } minutes.
    }
