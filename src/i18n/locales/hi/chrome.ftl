### साइडबार, शीर्ष पट्टी और पृष्ठ शीर्षक।

-brand = Meterdesk

page-title = { $page } · { -brand }

nav-main = मुख्य नेविगेशन
nav-meters = मीटर
nav-products = उत्पाद
nav-customers = ग्राहक
nav-usage = उपयोग डेटा
nav-analytics = विश्लेषण
nav-settings = सेटिंग्स

nav-menu = मेनू

skip-to-content = मुख्य सामग्री पर जाएँ
topbar-role = आपकी भूमिका
sign-out = साइन आउट करें

role-admin = व्यवस्थापक
role-editor = संपादक
role-viewer = दर्शक

language-label = भाषा
