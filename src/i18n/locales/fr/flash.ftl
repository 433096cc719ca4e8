### Messages affichés une fois après une modification. { $arg } est le nom ou l’identifiant concerné.

flash-password_changed = Votre mot de passe est modifié. Vos autres sessions ont été déconnectées.
flash-operator_role_changed = Le rôle de { $arg } est modifié.
flash-operator_disabled = { $arg } est désactivé et déconnecté partout.
flash-operator_enabled = { $arg } peut de nouveau se connecter.
flash-api_key_revoked = La clé API « { $arg } » est révoquée ; les requêtes qui l’utilisent reçoivent désormais 401.
flash-customer_created = Client { $arg } créé.
flash-customer_updated = Client { $arg } enregistré.
flash-product_created = Produit { $arg } créé.
flash-product_updated = Produit { $arg } enregistré.
flash-meter_created = Dispositif de mesure { $arg } créé.
flash-meter_updated = Dispositif de mesure { $arg } enregistré.
flash-meter_archived = Dispositif de mesure { $arg } archivé : il conserve ses données et n’accepte plus de nouveaux événements.
flash-meter_unarchived = Le dispositif de mesure { $arg } est de nouveau actif.
flash-usage_recorded =
    { $count ->
        [one] { $count } événement enregistré.
       *[other] { $count } événements enregistrés.
    }
flash-upload_done = { $arg } est chargé ; les décomptes sont ci-dessous.
flash-upload_checked = Essai à blanc de { $arg } terminé : rien n’est enregistré tant que vous ne validez pas.
flash-warning_upload_same_file = { $arg } a déjà été chargé. Rien n’est enregistré : vérifiez l’essai à blanc ci-dessous et confirmez pour le charger à nouveau.
flash-event_voided = L’événement { $arg } est annulé : il ne compte plus pour aucun dispositif de mesure, et son identifiant reste pris (un renvoi est un doublon).
flash-upload_rolled_back = { $arg } est annulé : ses événements ne comptent plus.
flash-subscription_created = Abonnement { $arg } créé.
flash-subscription_ended = Abonnement { $arg } terminé.
flash-preferences_saved = Vos préférences sont enregistrées.
flash-organisation_zone_saved = Le fuseau horaire de l’organisation est désormais { $arg }.
