### विवरण: ग्राहक के मौजूदा चक्र और बंद हो चुके विवरण, प्रिंट करने योग्य विवरण पृष्ठ, उसका CSV निर्यात, और “देर से आया उपयोग” पृष्ठ (बंद चक्र जिनके मौजूदा आँकड़े बिल की गई राशि से अलग हैं)।

## नेविगेशन

statements-nav-late-usage = देर से आया उपयोग

## templates/customers/show.html

statements-current-title = { $id } का मौजूदा चक्र ({ $product })
statements-current-live = { $start } – { $end }, लाइव: चक्र बंद होने तक उपयोग आने के साथ यह बदलता रहता है।
statements-current-label = { $id } का मौजूदा चक्र
statements-current-total = अब तक का कुल
statements-list-title = { $id } के विवरण
statements-list-label = { $id } के विवरण
statements-list-empty = अभी कोई विवरण नहीं: किसी चक्र का विवरण उसके बंद होने पर बनता है, चक्र खत्म होने के थोड़ी देर बाद।
statements-col-statement = विवरण
statements-col-billing-cycle = बिलिंग चक्र
statements-col-closed = बंद हुआ
statements-col-total = कुल राशि

## templates/statements/show.html

statements-show-title = विवरण { $id }
statements-show-download-csv = CSV डाउनलोड करें
statements-show-print = प्रिंट करें
statements-show-prop-customer = ग्राहक
statements-show-prop-subscription = सदस्यता
statements-show-product-link = उत्पाद
statements-show-prop-billing-cycle = बिलिंग चक्र
statements-show-prop-period = अवधि
statements-show-period = { $start } – { $end }
statements-show-prop-closed = बंद हुआ
statements-show-prop-closed-at = बंद होने का समय
statements-show-prop-currency = मुद्रा
statements-show-frozen-note = बंद हो चुका विवरण कभी नहीं बदलता। इस चक्र के लिए बाद में आया, रद्द किया गया या रोलबैक किया गया उपयोग सदस्यता के अगले विवरण में समायोजन के रूप में दिखता है।
statements-show-lines-label = विवरण की पंक्तियाँ
statements-show-col-line = पंक्ति
statements-show-col-meter = मीटर
statements-show-col-for-cycle = किस चक्र के लिए
statements-show-col-consumed = उपयोग
statements-show-col-free = मुफ्त सीमा
statements-show-col-free-threshold = मुफ्त सीमा
statements-show-col-chargeable = चार्ज योग्य
statements-show-col-price = मूल्य
statements-show-col-charge = चार्ज
statements-show-col-consumed-delta = उपयोग में बदलाव
statements-show-col-charge-delta = चार्ज में बदलाव
statements-show-this-cycle = यह चक्र
statements-show-total = कुल राशि
statements-show-no-lines = इस चक्र में कोई उपयोग-आधारित पंक्ति नहीं थी: विवरण की कुल राशि शून्य है।
statements-not-found = आईडी { $id } वाला कोई विवरण नहीं है।

## src/portal/statements/views.rs

statements-line-usage = उपयोग
statements-line-adjustment = समायोजन
statements-line-adjustment-for = समायोजन: { $period } के लिए देर से आया उपयोग

## src/portal/statements/handlers.rs export_csv

statements-csv-statement = विवरण
statements-csv-customer = ग्राहक
statements-csv-subscription = सदस्यता
statements-csv-period-start = अवधि की शुरुआत
statements-csv-period-end = अवधि का अंत
statements-csv-line = पंक्ति
statements-csv-meter = मीटर
statements-csv-meter-id = मीटर आईडी
statements-csv-for-period-start = संबंधित अवधि की शुरुआत
statements-csv-for-period-end = संबंधित अवधि का अंत
statements-csv-consumed = उपयोग
statements-csv-free-threshold = मुफ्त सीमा
statements-csv-chargeable = चार्ज योग्य
statements-csv-price = मूल्य
statements-csv-charge = चार्ज
statements-csv-consumed-delta = उपयोग में बदलाव
statements-csv-charge-delta = चार्ज में बदलाव
statements-csv-currency = मुद्रा
statements-csv-closed-at = बंद होने का समय
statements-csv-usage = उपयोग
statements-csv-adjustment = समायोजन
statements-csv-total = कुल राशि

## templates/statements/late.html

statements-late-title = देर से आया उपयोग
statements-late-lead = वह उपयोग जो बिलिंग चक्र बंद होने के बाद आया, रद्द किया गया या रोलबैक किया गया। बंद हो चुका विवरण कभी नहीं बदलता: अंतर का बिल एक ही बार बनता है, सदस्यता के अगले विवरण में समायोजन के रूप में।
statements-late-pending-title = लंबित: अगले विवरण में
statements-late-pending-empty = हर बंद चक्र के मौजूदा आँकड़े बिल की गई राशि से मेल खाते हैं।
statements-late-pending-label = लंबित समायोजन
statements-late-billed-title = बिल किए गए समायोजन
statements-late-billed-empty = अभी तक किसी विवरण में समायोजन नहीं आया है।
statements-late-billed-label = बिल किए गए समायोजन
statements-late-col-statement = विवरण
statements-late-col-customer = ग्राहक
statements-late-col-subscription = सदस्यता
statements-late-col-meter = मीटर
statements-late-col-closed-cycle = बंद चक्र
statements-late-col-for-cycle = किस चक्र के लिए
statements-late-col-billed = बिल किया गया
statements-late-col-live = अभी लाइव
statements-late-col-consumed-delta = उपयोग में बदलाव
statements-late-col-charge-delta = चार्ज में बदलाव
