### सभी फ़ॉर्म में साझा पाठ।

form-correct-following = कृपया निम्नलिखित ठीक करें:
form-correct-field = कृपया नीचे चिह्नित फ़ील्ड ठीक करें।
form-cancel = रद्द करें
form-save-changes = परिवर्तन सहेजें
form-remove = हटाएँ
form-edit = संपादित करें
form-copy = कॉपी करें
pager-aria = पृष्ठ
pager-first = पहला पृष्ठ
pager-next = अगला पृष्ठ
table-actions = कार्रवाइयाँ
