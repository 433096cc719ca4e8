### उत्पाद: सूची, उत्पाद का पृष्ठ और उसके हल किए गए उदाहरण, और उत्पाद फ़ॉर्म।


## The list.

products-title = उत्पाद
products-new = नया उत्पाद
products-empty-editor = अभी कोई उत्पाद नहीं है — { $link }: मीटर जोड़ें और हर एक को प्रति इकाई मूल्य और मुफ्त सीमा दें।
products-empty-link = उपयोग-आधारित उत्पाद बनाएँ
products-empty-viewer = अभी कोई उत्पाद नहीं है — संपादक उपयोग-आधारित उत्पाद बना सकता है।
product-not-found = आईडी { $id } वाला कोई उत्पाद नहीं है।
products-no-more = और कोई उत्पाद नहीं है।
products-back-first = पहले पृष्ठ पर वापस जाएँ
products-col-product = उत्पाद
products-currency = मुद्रा
products-interval = बिलिंग अंतराल
products-col-meters = मीटर
products-id = आईडी
products-created = बनाया गया
products-updated = अपडेट किया गया
interval-monthly = मासिक
interval-yearly = वार्षिक

## A product's page.

product-meters-title = मीटर और मूल्य
product-meters-help = हर बिलिंग चक्र में, एक पंक्ति अपनी मुफ्त सीमा से ऊपर के उपयोग पर अपने मूल्य निर्धारण मॉडल से चार्ज करती है; सीमा से ऊपर कुछ न हो तो कोई चार्ज नहीं। चार्ज पंक्ति के कुल पर मुद्रा की सबसे छोटी इकाई तक एक बार (आधा ऊपर) पूर्णांकित होता है। मुफ्त सीमा हर चक्र में फिर से शुरू होती है।
product-no-meters = इस उत्पाद में कोई मीटर नहीं है।
product-link-meter = मीटर जोड़ें
product-price = मूल्य
product-per-unit = { $price } प्रति { $unit }
product-package-down = { $size } { $unit } के प्रति पैकेज { $price }, केवल पूरे पैकेज
product-package-up = { $size } { $unit } के प्रति पैकेज { $price }, हर शुरू हुआ पैकेज चार्ज होता है
product-graduated-words = क्रमिक स्तर: हर स्तर अपने भीतर आने वाली { $unit } का मूल्य तय करता है
product-volume-words = मात्रा स्तर: हर { $unit } उस स्तर के मूल्य पर जिसमें उपयोग आता है
product-free-threshold = प्रति चक्र मुफ्त सीमा
product-tiers-of = { $name } के स्तर
tier-up-to = { $to } तक
tier-above-up-to = { $from } से ऊपर { $to } तक
tier-any = कोई भी उपयोग
tier-above = { $from } से ऊपर
tier-price = { $price } प्रति { $unit }
tier-flat-fee = + { $fee } निश्चित शुल्क
tier-head-up-to = { $to } तक
tier-head-above-up-to = { $from } से ऊपर { $to } तक
tier-head-any = कोई भी
tier-head-above = { $from } से ऊपर
examples-caption = हल किए गए उदाहरण: { $name }
examples-usage = उपयोग
examples-free = मुफ्त
examples-chargeable = चार्ज योग्य
examples-units-price = इकाइयाँ × मूल्य
examples-packages-price = पैकेज × मूल्य
examples-tier = स्तर { $n }
examples-charge = चार्ज
examples-yours = (आपका)
examples-no-units = कोई इकाई नहीं
examples-too-large = गणना के लिए बहुत बड़ा
examples-try = कोई उपयोग आज़माएँ ({ $unit })
examples-try-error = 250 जैसा उपयोग दर्ज करें: अंक और एक दशमलव बिंदु, कम से कम 0।
examples-try-help = हल किए गए उदाहरणों में एक पंक्ति जोड़ता है।
examples-submit = चार्ज की गणना करें

## The product form.

product-form-edit = उत्पाद संपादित करें
product-form-new = नया उत्पाद
product-form-crumb-new = नया
product-form-save = सहेजें
product-form-name = नाम
product-form-description = विवरण (वैकल्पिक)
product-form-currency-help = ISO 4217; इस उत्पाद के सभी मूल्य इसी में हैं।
product-form-interval-help = चक्र हर सदस्यता की शुरुआत से दोहराते हैं; मुफ्त सीमाएँ हर चक्र में फिर से शुरू होती हैं।
product-form-meters-help = 1 से { $max } मीटर, हर एक एक बार। हर बिलिंग चक्र में एक पंक्ति अपनी मुफ्त सीमा से ऊपर के उपयोग पर अपने मूल्य निर्धारण मॉडल से चार्ज करती है, जो पंक्ति के कुल पर मुद्रा की सबसे छोटी इकाई तक एक बार (आधा ऊपर) पूर्णांकित होता है।
product-form-no-meters = अभी कोई सक्रिय मीटर नहीं है — पहले { $link }, फिर उसे यहाँ जोड़ें।
product-form-create-meter = मीटर बनाएँ
product-form-meter-n = मीटर { $n }
product-form-meter = मीटर
product-form-choose-meter = मीटर चुनें…
product-form-not-active = (सक्रिय मीटर नहीं)
product-form-free-threshold = मुफ्त सीमा
product-form-free-threshold-help = हर बिलिंग चक्र में मुफ्त इकाइयाँ, उसके बाद मॉडल बाकी का मूल्य तय करता है
product-form-model = मूल्य निर्धारण मॉडल
model-per-unit = प्रति इकाई
model-package = पैकेज
model-graduated = क्रमिक स्तर
model-volume = मात्रा स्तर
product-form-model-help = नीचे अपने चुने हुए मॉडल का भाग भरें; बाकी भागों को अनदेखा किया जाता है।
product-form-remove-meter = मीटर { $n }
product-form-unit-price = प्रति इकाई मूल्य
product-form-unit-price-help = मुफ्त सीमा से ऊपर हर इकाई पर लिया जाता है; 12 दशमलव स्थानों तक, पंक्ति के कुल तक कभी पूर्णांकित नहीं
product-form-package-size = पैकेज का आकार (इकाइयाँ)
product-form-package-size-help = एक पैकेज में इकाइयाँ, जैसे 1000
product-form-package-price = पैकेज मूल्य
product-form-package-price-help = प्रति पैकेज लिया जाता है
product-form-partial = अधूरे पैकेज
product-form-round-up = हर शुरू हुआ पैकेज (ऊपर पूर्णांक)
product-form-round-down = केवल पूरे पैकेज (नीचे पूर्णांक)
product-form-tiers = स्तर (क्रमिक या मात्रा)
product-form-tiers-help = क्रमिक: हर स्तर अपने भीतर आने वाली इकाइयों का मूल्य तय करता है। मात्रा: हर इकाई उस स्तर के मूल्य पर जिसमें उपयोग आता है। “तक” में उसकी सीमा शामिल है; अपने अंतिम स्तर में इसे खाली छोड़ें, और कम स्तरों के लिए पूरी पंक्तियाँ खाली छोड़ें। किसी स्तर के उपयोग पर निश्चित शुल्क (वैकल्पिक) जुड़ता है।
product-form-tier-n = स्तर { $n }
product-form-up-to = तक (इकाइयाँ)
product-form-flat-fee = निश्चित शुल्क
product-form-remove-tier = मीटर { $n } का स्तर { $t }
product-form-add-tier = स्तर जोड़ें
product-form-add-tier-to = मीटर { $n } में
product-form-add-meter = मीटर जोड़ें
product-form-create = उत्पाद बनाएँ
product-form-max-meters = एक उत्पाद में अधिकतम { $max } मीटर हो सकते हैं।
product-form-max-tiers = स्तर: एक मूल्य में अधिकतम { $max } स्तर हो सकते हैं।
