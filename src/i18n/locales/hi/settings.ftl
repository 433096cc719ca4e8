### सेटिंग्स: प्राथमिकताएँ, संगठन, ऑपरेटर, API कुंजियाँ, ऑडिट लॉग, पासवर्ड।


## The settings page.

settings-title = सेटिंग्स
settings-password-link = मेरा पासवर्ड
settings-password-desc = साइन इन करने वाला अपना पासवर्ड बदलें।
settings-operators-link = ऑपरेटर
settings-operators-desc = कौन साइन इन कर सकता है, और किस भूमिका के साथ।
settings-api-keys-link = API कुंजियाँ
settings-api-keys-desc = वे कुंजियाँ जिनसे आपका उत्पाद उपयोग घटनाएँ भेजता है और API को कॉल करता है।
settings-audit-link = ऑडिट लॉग
settings-audit-desc = ऑपरेटरों का हर बदलाव, किसने और कब किया।

## Your preferences: every operator's own language and time zone.

prefs-heading = आपकी प्राथमिकताएँ
prefs-lead = पोर्टल आपसे किस भाषा में बात करे और समय किस समय क्षेत्र में दिखाए। केवल आपका खाता बदलता है।
prefs-language = भाषा
prefs-language-browser = मेरे ब्राउज़र के अनुसार
prefs-language-help = चुनाव न करने पर पोर्टल आपके ब्राउज़र की माँगी भाषा अपनाता है।
prefs-language-unknown = सूची में दी गई भाषाओं में से एक चुनें।
prefs-zone-organisation = संगठन का ({ $zone })
prefs-zone-help = समय इसी क्षेत्र में उसके ऑफ़सेट के साथ दिखाए जाते हैं; चार्ट के दिन, सप्ताह और महीने इसी के अनुसार चलते हैं।
prefs-now = आपके समय क्षेत्र में अभी: { $time }
prefs-save = मेरी प्राथमिकताएँ सहेजें

## The organisation's time zone (admins).

org-heading = संगठन
org-zone-label = संगठन का समय क्षेत्र
org-zone-help = उन सभी ऑपरेटरों का समय क्षेत्र जिन्होंने अपना नहीं चुना है। बिलिंग चक्र हर सदस्यता की शुरुआत से ही जुड़े रहते हैं।
org-save = संगठन का समय क्षेत्र सहेजें

## Operators.

operators-title = ऑपरेटर
operators-created = { $email } अब साइन इन कर सकते हैं।
operators-one-time-password = एक बार का पासवर्ड, केवल अभी दिखाया गया है — इसे सुरक्षित रूप से सौंपें; पहली बार साइन इन करने पर इसे बदलना होगा:
operators-add = ऑपरेटर जोड़ें
operators-email = ईमेल
operators-role = भूमिका
operators-role-help = व्यवस्थापक: सब कुछ। संपादक: मीटर, उत्पाद, ग्राहक, उपयोग। दर्शक: केवल पढ़ना।
operators-add-submit = ऑपरेटर जोड़ें
operators-status = स्थिति
operators-added = जोड़ा गया
operators-you = आप
operators-role-of = { $email } की भूमिका
operators-change = बदलें
status-disabled = निष्क्रिय
status-one-time-password = एक बार का पासवर्ड
status-active = सक्रिय
status-revoked = रद्द
operators-enable = सक्रिय करें
operators-disable = निष्क्रिय करें
operators-disable-confirm = { $email } को निष्क्रिय करें? वे तुरंत साइन आउट हो जाएँगे।
operators-role-invalid = व्यवस्थापक, संपादक या दर्शक चुनें।
operators-email-exists = ईमेल { $email } वाला ऑपरेटर पहले से मौजूद है।
operators-only-admin = यह एकमात्र सक्रिय व्यवस्थापक है। पहले किसी दूसरे ऑपरेटर को व्यवस्थापक बनाएँ।
operators-not-yourself = आप अपना खाता निष्क्रिय नहीं कर सकते।
email-empty = ईमेल पता दर्ज करें।
email-too-long = ईमेल पते में अधिकतम 254 वर्ण होते हैं।
email-invalid = ana@example.com जैसा ईमेल पता दर्ज करें।

## API keys.

api-keys-title = API कुंजियाँ
api-keys-lead = आपका उत्पाद { $header } के साथ { $path } पर उपयोग भेजता है।
api-keys-created = API कुंजी “{ $name }” बनाई गई। इसे अभी कॉपी करें: यह केवल एक बार दिखाई जाती है और केवल हैश के रूप में सहेजी जाती है।
api-keys-create = कुंजी बनाएँ
api-keys-name = नाम
api-keys-name-help = इसका उपयोग कहाँ होता है, जैसे “प्रोडक्शन ऐप”।
api-keys-create-submit = कुंजी बनाएँ
api-keys-empty = अभी कोई API कुंजी नहीं है — अपने उत्पाद से उपयोग भेजने के लिए ऊपर एक बनाएँ।
api-keys-key = कुंजी
api-keys-created-at = बनाई गई
api-keys-last-used = अंतिम उपयोग
api-keys-by = { $email } द्वारा
api-keys-never = कभी नहीं
api-keys-revoke = रद्द करें
api-keys-revoke-confirm = “{ $name }” रद्द करें? इसका उपयोग करने वाले अनुरोध तुरंत अस्वीकार होंगे।
api-keys-name-invalid = कुंजी को 1 से 100 वर्णों का नाम दें, जैसे “प्रोडक्शन ऐप”।
api-keys-already-revoked = यह कुंजी पहले ही रद्द की जा चुकी है।

## The audit log.

audit-title = ऑडिट लॉग
audit-empty = अभी कुछ दर्ज नहीं है। ऑपरेटर का हर बदलाव यहाँ दिखता है।
audit-when = कब
audit-who = किसने
audit-action = कार्रवाई
audit-target = लक्ष्य
audit-details = विवरण
audit-older = पुरानी प्रविष्टियाँ
audit-actor-cli = कमांड लाइन
audit-actor-system = Meterdesk (स्वचालित)
audit-actor-api-key = API कुंजी “{ $name }” (#{ $id })

## Changing one's password.

password-title = पासवर्ड बदलें
password-heading = अपना पासवर्ड बदलें
password-forced = आपका खाता एक बार के पासवर्ड से बनाया गया था। जारी रखने के लिए अपना पासवर्ड चुनें।
password-current = वर्तमान पासवर्ड
password-new = नया पासवर्ड
password-new-help = कम से कम 12 वर्ण। कुछ असंबंधित शब्द मिलकर अच्छा पासवर्ड बनाते हैं।
password-confirm = नया पासवर्ड, फिर से
password-submit = पासवर्ड बदलें
password-current-wrong = वर्तमान पासवर्ड सही नहीं है।
password-mismatch = दोनों नए पासवर्ड अलग-अलग हैं।
password-same = वर्तमान पासवर्ड से अलग पासवर्ड चुनें।
password-too-short = कम से कम 12 वर्ण उपयोग करें।
password-too-long = अधिकतम 256 वर्ण उपयोग करें।
