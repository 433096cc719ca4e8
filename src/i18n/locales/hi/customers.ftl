### ग्राहक: सूची, फ़ॉर्म, ग्राहक का पृष्ठ उसकी सदस्यताओं और सदस्यता फ़ॉर्म के साथ, और पोर्टल में दिखने वाले ग्राहक व सदस्यता संदेश। आईडी जैसी हैं वैसी ही रहती हैं।

## templates/customers/list.html

customers-list-title = ग्राहक
customers-list-new = नया ग्राहक
customers-list-search-label = ग्राहक खोजें
customers-list-search-placeholder = आईडी, ईमेल या नाम से खोजें
customers-list-search = खोजें
customers-list-clear = साफ़ करें
customers-list-empty-editor = अभी कोई ग्राहक नहीं है — { $link }, या उन्हें API से बनाएं ({ $api })।
customers-list-empty-editor-link = अपना पहला ग्राहक जोड़ें
customers-list-empty-viewer = अभी कोई ग्राहक नहीं है — कोई संपादक उन्हें जोड़ सकता है।
customers-list-no-match = “{ $query }” से कोई ग्राहक मेल नहीं खाता।
customers-list-table-label = ग्राहक
customers-list-col-customer = ग्राहक
customers-list-col-email = ईमेल
customers-list-col-id = आईडी
customers-list-col-created = बनाया गया
customers-list-pager-label = पृष्ठ
customers-list-first-page = पहला पृष्ठ
customers-list-next-page = अगला पृष्ठ

## templates/customers/form.html

customers-form-title-new = नया ग्राहक
customers-form-title-edit = ग्राहक संपादित करें
customers-form-crumb-new = नया
customers-form-crumb-edit = संपादित करें
customers-form-id = आईडी
customers-form-id-fixed-help = आईडी नहीं बदलतीं: घटनाएँ उनका उल्लेख करती हैं।
customers-form-id-label = आईडी (वैकल्पिक)
customers-form-id-help = वह आईडी जो आपका उत्पाद घटनाओं में भेजता है, जैसे cus_QMJJtcu70R1x46। केवल अक्षर, अंक और _ . : -। एक आईडी अपने-आप बनवाने के लिए खाली छोड़ें।
customers-form-name-label = नाम
customers-form-email-label = ईमेल
customers-form-save = परिवर्तन सहेजें
customers-form-create = ग्राहक बनाएं
customers-form-cancel = रद्द करें

## src/ids.rs, src/auth/model.rs, src/customers/model.rs, service.rs

customers-error-id-empty = ग्राहक आईडी दर्ज करें, या अपने-आप बनवाने के लिए खाली छोड़ें।
customers-error-id-too-long = ग्राहक आईडी में अधिकतम 255 अक्षर हो सकते हैं।
customers-error-id-characters = ग्राहक आईडी में केवल अक्षर, अंक और _ . : - हो सकते हैं (स्पेस नहीं)।
customers-error-id-taken = आईडी { $id } वाला ग्राहक पहले से मौजूद है। कोई दूसरी आईडी चुनें, या अपने-आप बनवाने के लिए खाली छोड़ें।
customers-error-name-required = ग्राहक का नाम दर्ज करें।
customers-error-too-long = अधिकतम { $max } अक्षर इस्तेमाल करें।
customers-error-email-required = ईमेल पता दर्ज करें।
customers-error-email-too-long = ईमेल पते में अधिकतम 254 अक्षर हो सकते हैं।
customers-error-email-no-at = ईमेल पते में @ होना चाहिए, जैसे ana@example.com।
customers-error-email-invalid = ana@example.com जैसा कोई ईमेल पता दर्ज करें।
customers-error-not-found = आईडी { $id } वाला कोई ग्राहक नहीं है।

## templates/customers/show.html

customers-show-edit = संपादित करें
customers-show-prop-id = आईडी
customers-show-prop-email = ईमेल
customers-show-prop-created = बनाया गया
customers-show-subscriptions-title = सदस्यताएँ
customers-show-subscriptions-empty = अभी किसी उत्पाद की सदस्यता नहीं है। ग्राहक के उपयोग-आधारित उत्पाद पर आते ही उपयोग का बिल बनता है।
customers-show-subscriptions-label = सदस्यताएँ
customers-show-col-subscription = सदस्यता
customers-show-col-product = उत्पाद
customers-show-col-start = शुरुआत (चक्र का आधार)
customers-show-col-end = अंत
customers-show-col-status = स्थिति
customers-show-col-actions = कार्रवाइयाँ
customers-subscription-active = सक्रिय
customers-subscription-ended = समाप्त
customers-subscription-starts-later = बाद में शुरू होगी
customers-show-end-confirm = { $id } को अभी समाप्त करें? इसके बाद का उपयोग इस पर बिल नहीं होगा।
customers-show-end-now = अभी समाप्त करें

## templates/customers/show.html, src/portal/subscriptions.rs

customers-subscribe-title = किसी उत्पाद की सदस्यता दें
customers-subscribe-no-products = अभी कोई उत्पाद नहीं है — पहले { $link }।
customers-subscribe-no-products-link = एक उपयोग-आधारित उत्पाद बनाएं
customers-subscribe-product-label = उत्पाद
customers-subscribe-choose = चुनें…
customers-subscribe-product-option = { $name } ({ $currency })
customers-subscribe-see-existing = { $id } देखें।
customers-subscribe-start-label = शुरुआत ({ $zone }, वैकल्पिक)
customers-subscribe-start-help = खाली = अभी। बिलिंग चक्र इस क्षण से हर महीने दोहराए जाते हैं।
customers-subscribe-submit = सदस्यता दें

## src/portal/subscriptions.rs, src/subscriptions/service.rs

customers-subscription-error-start = शुरुआत: { $error }
customers-subscription-error-end-time = अंत: { $error }
customers-subscription-error-product = कोई उत्पाद चुनें।
customers-subscription-error-no-customer = आईडी { $id } वाला कोई ग्राहक नहीं है। पहले ग्राहक बनाएं।
customers-subscription-error-no-product = आईडी { $id } वाला कोई उत्पाद नहीं है।
customers-subscription-error-overlap = इस ग्राहक के पास पहले से इस उत्पाद की सदस्यता है ({ $id }, { $start } से, बिना अंत के); दूसरी सदस्यता उसी उपयोग का दो बार बिल बनाएगी। पहले वह सदस्यता समाप्त करें, या नई सदस्यता उसके समाप्त होने के बाद शुरू करें।
customers-subscription-error-overlap-until = इस ग्राहक के पास पहले से इस उत्पाद की सदस्यता है ({ $id }, { $start } से { $end } तक); दूसरी सदस्यता उसी उपयोग का दो बार बिल बनाएगी। पहले वह सदस्यता समाप्त करें, या नई सदस्यता उसके समाप्त होने के बाद शुरू करें।
customers-subscription-error-not-found = आईडी { $id } वाली कोई सदस्यता नहीं है।
customers-subscription-error-already-ended = यह सदस्यता { $time } को पहले ही समाप्त हो चुकी है।
customers-subscription-error-end-before-start = अंत शुरुआत ({ $start }) के बाद होना चाहिए।
