### किसी बदलाव के बाद एक बार दिखने वाली सूचनाएँ। { $arg } संबंधित नाम या आईडी है।

flash-password_changed = आपका पासवर्ड बदल गया है। आपके अन्य सत्र साइन आउट कर दिए गए।
flash-operator_role_changed = { $arg } की भूमिका बदल दी गई है।
flash-operator_disabled = { $arg } निष्क्रिय कर दिया गया है और हर जगह से साइन आउट हो गया है।
flash-operator_enabled = { $arg } फिर से साइन इन कर सकते हैं।
flash-api_key_revoked = API कुंजी “{ $arg }” रद्द कर दी गई है; इसका उपयोग करने वाले अनुरोधों को अब 401 मिलता है।
flash-customer_created = ग्राहक { $arg } बनाया गया।
flash-customer_updated = ग्राहक { $arg } सहेजा गया।
flash-product_created = उत्पाद { $arg } बनाया गया।
flash-product_updated = उत्पाद { $arg } सहेजा गया।
flash-meter_created = मीटर { $arg } बनाया गया।
flash-meter_updated = मीटर { $arg } सहेजा गया।
flash-meter_archived = मीटर { $arg } संग्रहीत किया गया: इसका डेटा बना रहता है और यह नई घटनाएँ नहीं लेता।
flash-meter_unarchived = मीटर { $arg } फिर से सक्रिय है।
flash-usage_recorded =
    { $count ->
        [one] { $count } घटना दर्ज की गई।
       *[other] { $count } घटनाएँ दर्ज की गईं।
    }
flash-upload_done = { $arg } अपलोड हो गई है; गिनती नीचे है।
flash-upload_checked = { $arg } का परीक्षण पूरा हुआ: जब तक आप पुष्टि नहीं करते, कुछ भी सहेजा नहीं जाता।
flash-warning_upload_same_file = { $arg } पहले अपलोड की जा चुकी है। कुछ भी सहेजा नहीं गया: नीचे परीक्षण देखें और दोबारा अपलोड करने की पुष्टि करें।
flash-event_voided = घटना { $arg } रद्द कर दी गई है: यह अब किसी मीटर में नहीं गिनी जाती, और इसकी आईडी ली हुई रहती है (दोबारा भेजना डुप्लिकेट है)।
flash-upload_rolled_back = { $arg } वापस ले ली गई है: इसकी घटनाएँ अब नहीं गिनी जातीं।
flash-subscription_created = सदस्यता { $arg } बनाई गई।
flash-subscription_ended = सदस्यता { $arg } समाप्त हुई।
flash-preferences_saved = आपकी प्राथमिकताएँ सहेज ली गई हैं।
flash-organisation_zone_saved = संगठन का समय क्षेत्र अब { $arg } है।
