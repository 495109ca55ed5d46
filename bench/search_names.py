"""The test set of the name search (bench/bench_search.py).

People as registered (names as written in their documents) and, for each,
the Latin spellings staff type for them: passport spellings, French- and
English-style spellings of Arabic names, Ukrainian and Russian
transliterations of one Cyrillic name, Latin names without their
diacritics. The variants were written from how these names are spelled in
practice, not from the hub's rules; ``UNREGISTERED`` are people who are not
in the register (every answer to them is a false one).

Several people share a given or a family name (three Al-Hassans, two
Kovalenkos), as families and common names do in a real register.
"""

from __future__ import annotations

from typing import NamedTuple


class Person(NamedTuple):
    language: str
    given_name: str
    family_name: str
    variants: tuple[str, ...]


def _people(language: str, rows: list[tuple[str, str, tuple[str, ...]]]) -> list[Person]:
    return [Person(language, given, family, variants) for given, family, variants in rows]


ARABIC = _people(
    "ar",
    [
        ("يوسف", "العلي", ("Youssef Al Ali", "Yusuf Al-Ali", "Yousef Alali", "Yousif Ali")),
        ("أحمد", "الحسن", ("Ahmad Al-Hassan", "Ahmed Al Hasan", "Ahmed Elhassan")),
        ("محمد", "الحسن", ("Mohammad Al-Hassan", "Muhammad Al Hasan", "Mohamed Alhassan")),
        ("فاطمة", "الحسن", ("Fatima Al-Hassan", "Fatma Al Hasan", "Fatimah Alhassan")),
        ("سامر", "حداد", ("Samer Haddad", "Sameer Hadad")),
        ("ليلى", "حداد", ("Layla Haddad", "Leila Hadad", "Laila Haddad")),
        ("خالد", "النجار", ("Khaled Al-Najjar", "Khalid Najjar", "Khaled Alnajar")),
        ("عمر", "الخطيب", ("Omar Al-Khatib", "Omar El Khatib", "Umar Alkhatib")),
        ("مريم", "الخطيب", ("Maryam Al-Khatib", "Mariam Khatib", "Meryem El-Khatib")),
        ("حسين", "العبيدي", ("Hussein Al-Obaidi", "Hussain Alobaidi", "Husein Al Ubaidi")),
        ("زينب", "الموسوي", ("Zeinab Al-Mousawi", "Zainab Al Musawi", "Zaynab Mousawi")),
        (
            "عبد الرحمن",
            "الشامي",
            ("Abdulrahman Al-Shami", "Abd al-Rahman Shami", "Abdel Rahman El Chami"),
        ),
        ("عبد الله", "المصري", ("Abdullah Al-Masri", "Abdallah El Masri", "Abdulla Masri")),
        ("إبراهيم", "الحلبي", ("Ibrahim Al-Halabi", "Ebrahim Halabi", "Ibraheem Alhalabi")),
        ("مصطفى", "قاسم", ("Mustafa Qasim", "Moustafa Kassem", "Mostafa Qassem")),
        ("نور", "الدليمي", ("Nour Al-Dulaimi", "Noor Aldulaimi", "Nur Al Dulaimi")),
        ("هدى", "التميمي", ("Huda Al-Tamimi", "Houda Tamimi", "Hoda Al Tamimi")),
        ("وليد", "الزعبي", ("Walid Al-Zoubi", "Waleed Alzoubi", "Oualid Zoubi")),
        ("مروان", "حمدان", ("Marwan Hamdan", "Merwan Hamdan")),
        ("رامي", "السعدي", ("Rami Al-Saadi", "Ramy Saadi", "Rami Al Sadi")),
        ("فادي", "خوري", ("Fadi Khoury", "Fady Khouri", "Fadi Khuri")),
        ("ريم", "العطار", ("Reem Al-Attar", "Rim Attar", "Reem Alattar")),
        ("سارة", "الصباغ", ("Sara Al-Sabbagh", "Sarah Sabbagh", "Sara Al Sabagh")),
        ("باسل", "الكردي", ("Basel Al-Kurdi", "Basil Kurdi", "Bassel Alkurdi")),
        ("طارق", "الجبوري", ("Tareq Al-Jubouri", "Tariq Al Jaburi", "Tarek Jubouri")),
        ("عائشة", "الحسيني", ("Aisha Al-Husseini", "Aysha Husseini", "Aicha Al Husaini")),
        ("إسماعيل", "البغدادي", ("Ismail Al-Baghdadi", "Ismael Baghdadi", "Esmail Albaghdadi")),
        ("حمزة", "العثماني", ("Hamza Al-Othmani", "Hamzah Othmani", "Hamza Al Uthmani")),
        ("بلال", "الأسعد", ("Bilal Al-Asaad", "Belal Asaad", "Bilal Al Asad")),
        ("ياسين", "الحمصي", ("Yassin Al-Homsi", "Yasin Homsi", "Yaseen Alhomsi")),
        ("ماهر", "القاسمي", ("Maher Al-Qasimi", "Mahir Qasimi", "Maher Al Kasimi")),
        ("رنا", "العلي", ("Rana Al-Ali", "Rana Alali", "Rana Ali")),
        ("هشام", "المحمد", ("Hisham Al-Mohammad", "Hicham Al Mohamad", "Hesham Almohammed")),
        ("غسان", "الشيخ", ("Ghassan Al-Sheikh", "Ghasan Alsheikh", "Ghassan El Cheikh")),
        ("وائل", "حمدان", ("Wael Hamdan", "Wail Hamdan", "Wa'el Hamdan")),
        ("نزار", "قباني", ("Nizar Qabbani", "Nizar Kabbani", "Nezar Qabani")),
        ("مازن", "الحلبي", ("Mazen Al-Halabi", "Mazin Halabi", "Mazen Alhalabi")),
        ("حسام", "الدين", ("Hussam Al-Din", "Husam Aldin", "Hossam El Din")),
        ("جعفر", "الموسوي", ("Jafar Al-Mousawi", "Jaafar Musawi", "Djafar Al Moussawi")),
        ("سليمان", "الخطيب", ("Suleiman Al-Khatib", "Sulaiman Khatib", "Soliman El Khatib")),
        ("يحيى", "الزعبي", ("Yahya Al-Zoubi", "Yahia Zoubi", "Yehia Alzoubi")),
        ("زكريا", "النجار", ("Zakaria Al-Najjar", "Zakariya Najjar", "Zakariyya Alnajjar")),
        ("أيمن", "السيد", ("Ayman Al-Sayed", "Aiman El Sayed", "Ayman Alsayyed")),
        ("أمين", "الحداد", ("Amin Al-Haddad", "Ameen Haddad", "Amine El Haddad")),
        ("ياسر", "العبد الله", ("Yasser Al-Abdullah", "Yaser Abdallah", "Yasir Al Abdulla")),
        ("عادل", "الشمري", ("Adel Al-Shammari", "Adil Shammari", "Adel Al Shamari")),
        ("نبيل", "الراوي", ("Nabil Al-Rawi", "Nabeel Rawi", "Nabil Alrawi")),
        ("جميل", "السوري", ("Jamil Al-Souri", "Jameel Suri", "Djamil Al Suri")),
        ("فراس", "الحمد", ("Firas Al-Hamad", "Feras Hamad", "Firas Alhamad")),
        ("أنس", "العمر", ("Anas Al-Omar", "Anas Alomar", "Anas Al Umar")),
        ("صالح", "الدوري", ("Saleh Al-Douri", "Salih Duri", "Saleh Aldouri")),
        ("موسى", "الحسن", ("Musa Al-Hassan", "Moussa Al Hasan", "Mousa Alhassan")),
        ("عيسى", "الخوري", ("Issa Al-Khoury", "Isa Khouri", "Eissa El Khoury")),
        ("داود", "السعيد", ("Dawood Al-Saeed", "Daoud Said", "Dawud Alsaid")),
        ("خديجة", "المصري", ("Khadija Al-Masri", "Khadijah Masri", "Khadidja El Masri")),
        ("أسماء", "الحلبي", ("Asmaa Al-Halabi", "Asma Halabi", "Asmaa Alhalabi")),
        ("أمل", "الشامي", ("Amal Al-Shami", "Amal Shami", "Amal El Chami")),
        ("منى", "القاسم", ("Mona Al-Qasim", "Muna Qasem", "Mouna Al Kassem")),
        ("سلمى", "العطار", ("Salma Al-Attar", "Selma Attar", "Salma Alattar")),
        ("هبة", "الخطيب", ("Hiba Al-Khatib", "Heba Khatib", "Hibah Alkhatib")),
        ("ياسمين", "الأحمد", ("Yasmin Al-Ahmad", "Yasmine Ahmed", "Jasmin Al Ahmad")),
        ("لينا", "الزين", ("Lina Al-Zein", "Leena Zain", "Lina Elzein")),
        ("سعاد", "الحسيني", ("Suad Al-Husseini", "Souad Husseini", "Suaad Al Husaini")),
        ("نادية", "الراشد", ("Nadia Al-Rashed", "Nadiya Rashid", "Nadia Alrashed")),
        ("سميرة", "العبيدي", ("Samira Al-Obaidi", "Sameera Obaidi", "Samira Alubaidi")),
        ("رانيا", "الدليمي", ("Rania Al-Dulaimi", "Raniya Dulaimi", "Rania Aldulaimi")),
        ("حنان", "الجبوري", ("Hanan Al-Jubouri", "Hanan Jaburi", "Hanane Al Jubouri")),
        ("إيمان", "الكردي", ("Iman Al-Kurdi", "Eman Kurdi", "Imane El Kurdi")),
        ("غادة", "السمان", ("Ghada Al-Samman", "Ghada Saman", "Ghadah Al Samman")),
        ("شيماء", "الحمد", ("Shaimaa Al-Hamad", "Shaima Hamad", "Chaimaa Al Hamad")),
        ("منصور", "العلي", ("Mansour Al-Ali", "Mansur Ali", "Mansour Alali")),
        ("ناصر", "الحداد", ("Nasser Al-Haddad", "Naser Haddad", "Nasser Elhaddad")),
        ("زياد", "الرفاعي", ("Ziad Al-Rifai", "Ziyad Rifai", "Ziad Alrefai")),
        ("رياض", "الترك", ("Riad Al-Turk", "Riyad Turk", "Riad Alturk")),
        ("كريم", "المحمد", ("Karim Al-Mohammad", "Kareem Mohamad", "Karim Almohammed")),
        ("سمير", "البيطار", ("Samir Al-Bitar", "Sameer Bitar", "Samir El Bitar")),
        ("سعيد", "الأحمد", ("Said Al-Ahmad", "Saeed Ahmed", "Sa'id Alahmad")),
        ("عماد", "الحسن", ("Imad Al-Hassan", "Emad Hasan", "Imad Elhassan")),
        ("جمال", "الشيخ", ("Jamal Al-Sheikh", "Gamal El Sheikh", "Djamal Cheikh")),
        ("كمال", "الراوي", ("Kamal Al-Rawi", "Kamel Rawi", "Kamal Alrawi")),
    ],
)

UKRAINIAN = _people(
    "uk",
    [
        (
            "Олександр",
            "Коваленко",
            (
                "Oleksandr Kovalenko",
                "Olexandr Kowalenko",
                "Aleksandr Kovalenko",
                "Oleksander Kovalenko",
            ),
        ),
        ("Оксана", "Шевченко", ("Oksana Shevchenko", "Oksana Sevcenko", "Oksana Schewtschenko")),
        (
            "Андрій",
            "Бондаренко",
            ("Andrii Bondarenko", "Andriy Bondarenko", "Andrij Bondarenko", "Andrey Bondarenko"),
        ),
        (
            "Сергій",
            "Ткаченко",
            ("Serhii Tkachenko", "Serhiy Tkachenko", "Sergiy Tkacenko", "Sergey Tkachenko"),
        ),
        ("Дмитро", "Кравченко", ("Dmytro Kravchenko", "Dmitro Kravcenko", "Dmitry Kravchenko")),
        ("Наталія", "Коваленко", ("Nataliia Kovalenko", "Nataliya Kovalenko", "Natalia Kowalenko")),
        ("Юлія", "Мельник", ("Yuliia Melnyk", "Yulia Melnik", "Julia Melnyk", "Iuliia Melnyk")),
        (
            "Євген",
            "Олійник",
            ("Yevhen Oliinyk", "Yevgen Oliynyk", "Evgen Oleinik", "Ievgen Oliinyk"),
        ),
        ("Ганна", "Шевчук", ("Hanna Shevchuk", "Ganna Shevchuk", "Hanna Sevcuk")),
        ("Ігор", "Поліщук", ("Ihor Polishchuk", "Igor Polishchuk", "Ihor Polischuk")),
        ("Олег", "Бойко", ("Oleh Boiko", "Oleg Boyko", "Oleh Bojko")),
        ("Ольга", "Ковальчук", ("Olha Kovalchuk", "Olga Kowalczuk", "Olha Kovalcuk")),
        (
            "Михайло",
            "Лисенко",
            ("Mykhailo Lysenko", "Mykhaylo Lysenko", "Mikhail Lisenko", "Michajlo Lysenko"),
        ),
        ("Петро", "Савченко", ("Petro Savchenko", "Petro Savcenko", "Pyotr Savchenko")),
        ("Володимир", "Руденко", ("Volodymyr Rudenko", "Vladimir Rudenko", "Wolodymyr Rudenko")),
        ("Тетяна", "Кузьменко", ("Tetiana Kuzmenko", "Tetyana Kuzmenko", "Tatiana Kuzmenko")),
        ("Ірина", "Мороз", ("Iryna Moroz", "Irina Moroz", "Iryna Moros")),
        (
            "Світлана",
            "Левченко",
            ("Svitlana Levchenko", "Svitlana Levcenko", "Swetlana Lewtschenko"),
        ),
        ("Василь", "Павленко", ("Vasyl Pavlenko", "Vasil Pavlenko", "Wasyl Pawlenko")),
        ("Микола", "Марченко", ("Mykola Marchenko", "Mikola Marcenko", "Mykola Martschenko")),
        (
            "Людмила",
            "Гончаренко",
            ("Liudmyla Honcharenko", "Lyudmila Goncharenko", "Ludmila Honcarenko"),
        ),
        ("Віктор", "Карпенко", ("Viktor Karpenko", "Victor Karpenko", "Wiktor Karpenko")),
        (
            "Катерина",
            "Литвиненко",
            ("Kateryna Lytvynenko", "Katerina Litvinenko", "Kateryna Litwinenko"),
        ),
        ("Максим", "Зінченко", ("Maksym Zinchenko", "Maxim Zinchenko", "Maksim Zincenko")),
        ("Богдан", "Харченко", ("Bohdan Kharchenko", "Bogdan Harchenko", "Bohdan Charchenko")),
        ("Ярослав", "Мазур", ("Yaroslav Mazur", "Jaroslav Mazur", "Iaroslav Mazur")),
        ("Віталій", "Кушнір", ("Vitalii Kushnir", "Vitaliy Kushnir", "Vitalij Kusnir")),
        ("Анастасія", "Ткачук", ("Anastasiia Tkachuk", "Anastasiya Tkachuk", "Anastasia Tkacuk")),
        (
            "Вікторія",
            "Мельничук",
            ("Viktoriia Melnychuk", "Viktoriya Melnichuk", "Victoria Melnychuk"),
        ),
        ("Роман", "Клименко", ("Roman Klymenko", "Roman Klimenko")),
        ("Тарас", "Гнатюк", ("Taras Hnatiuk", "Taras Hnatyuk", "Taras Gnatyuk")),
        (
            "Юрій",
            "Сидоренко",
            ("Yurii Sydorenko", "Yuriy Sidorenko", "Jurij Sydorenko", "Yuri Sidorenko"),
        ),
        ("Олена", "Ковальова", ("Olena Kovalova", "Olena Kowalowa", "Elena Kovaleva")),
        ("Лариса", "Білоус", ("Larysa Bilous", "Larisa Bilous", "Larysa Belous")),
        ("Галина", "Процюк", ("Halyna Protsiuk", "Galina Protsyuk", "Halyna Procjuk")),
        ("Степан", "Кривенко", ("Stepan Kryvenko", "Stepan Krivenko")),
        ("Надія", "Пономаренко", ("Nadiia Ponomarenko", "Nadiya Ponomarenko", "Nadia Ponomarenko")),
        ("Денис", "Яковенко", ("Denys Yakovenko", "Denis Iakovenko", "Denys Jakowenko")),
        ("Артем", "Чорновол", ("Artem Chornovol", "Artiom Chernovol", "Artem Cornovol")),
        ("Іван", "Коваль", ("Ivan Koval", "Iwan Kowal", "Ivan Kowal")),
        ("Марія", "Гаврилюк", ("Mariia Havryliuk", "Mariya Gavrilyuk", "Maria Havryljuk")),
        (
            "Валентина",
            "Дорошенко",
            ("Valentyna Doroshenko", "Valentina Dorosenko", "Walentyna Doroschenko"),
        ),
        (
            "Станіслав",
            "Волошин",
            ("Stanislav Voloshyn", "Stanislaw Woloschyn", "Stanislav Volosin"),
        ),
        ("Зоряна", "Костенко", ("Zoriana Kostenko", "Zoryana Kostenko")),
        ("Ілля", "Шаповал", ("Illia Shapoval", "Illya Shapoval", "Ilya Sapoval")),
        ("Софія", "Гриценко", ("Sofiia Hrytsenko", "Sofiya Gritsenko", "Sofia Hrycenko")),
        ("Павло", "Тимошенко", ("Pavlo Tymoshenko", "Pavlo Timoshenko", "Pawlo Tymoschenko")),
        ("Кирило", "Осадчий", ("Kyrylo Osadchyi", "Kirilo Osadchiy", "Kyrylo Osadcij")),
        (
            "Олександра",
            "Приходько",
            ("Oleksandra Prykhodko", "Aleksandra Prihodko", "Olexandra Prychodko"),
        ),
        ("Єлизавета", "Бондар", ("Yelyzaveta Bondar", "Elizaveta Bondar", "Jelyzaveta Bondar")),
        (
            "Григорій",
            "Захарченко",
            ("Hryhorii Zakharchenko", "Grigoriy Zaharchenko", "Hryhorij Zacharcenko"),
        ),
        ("Ростислав", "Дячук", ("Rostyslav Diachuk", "Rostislav Dyachuk", "Rostyslav Djacuk")),
        ("Ліля", "Мартинюк", ("Lilia Martyniuk", "Liliya Martynyuk", "Lilja Martinjuk")),
        ("Вадим", "Лук'яненко", ("Vadym Lukianenko", "Vadim Lukyanenko", "Vadym Lukjanenko")),
        ("Жанна", "Щербак", ("Zhanna Shcherbak", "Zanna Scerbak", "Zhanna Sherbak")),
    ],
)

RUSSIAN = _people(
    "ru",
    [
        ("Александр", "Иванов", ("Aleksandr Ivanov", "Alexander Ivanov", "Alexandr Ivanoff")),
        ("Сергей", "Смирнов", ("Sergei Smirnov", "Sergey Smirnov", "Serguei Smirnoff")),
        ("Дмитрий", "Кузнецов", ("Dmitrii Kuznetsov", "Dmitriy Kuznetsov", "Dmitry Kuznecov")),
        ("Елена", "Попова", ("Elena Popova", "Yelena Popova", "Jelena Popova")),
        ("Наталья", "Соколова", ("Natalia Sokolova", "Natalya Sokolova", "Natalja Sokolowa")),
        ("Андрей", "Лебедев", ("Andrei Lebedev", "Andrey Lebedev", "Andrej Lebedew")),
        ("Ольга", "Козлова", ("Olga Kozlova", "Olga Koslova", "Olga Kozlowa")),
        ("Михаил", "Новиков", ("Mikhail Novikov", "Mihail Novikov", "Michail Nowikow")),
        ("Татьяна", "Морозова", ("Tatiana Morozova", "Tatyana Morozova", "Tatjana Morosowa")),
        ("Алексей", "Волков", ("Aleksei Volkov", "Alexey Volkov", "Aleksej Wolkow")),
        ("Юлия", "Соловьёва", ("Iuliia Soloveva", "Yulia Solovyova", "Julija Solowjowa")),
        ("Евгений", "Васильев", ("Evgenii Vasilev", "Yevgeniy Vasiliev", "Evgeny Vassiliev")),
        ("Ирина", "Зайцева", ("Irina Zaitseva", "Irina Zaytseva", "Irina Zajceva")),
        ("Николай", "Павлов", ("Nikolai Pavlov", "Nikolay Pavlov", "Nikolaj Pawlow")),
        ("Светлана", "Семёнова", ("Svetlana Semenova", "Svetlana Semyonova", "Swetlana Semjonowa")),
        ("Владимир", "Голубев", ("Vladimir Golubev", "Wladimir Golubew", "Vladimir Goloubev")),
        ("Анна", "Виноградова", ("Anna Vinogradova", "Anna Winogradowa")),
        ("Павел", "Богданов", ("Pavel Bogdanov", "Pawel Bogdanow", "Pavel Bogdanoff")),
        ("Мария", "Воробьёва", ("Mariia Vorobeva", "Maria Vorobyova", "Marija Worobjowa")),
        ("Игорь", "Фёдоров", ("Igor Fedorov", "Igor Fyodorov", "Igor Fjodorow")),
        (
            "Константин",
            "Михайлов",
            ("Konstantin Mikhailov", "Konstantin Mikhaylov", "Konstantin Michajlow"),
        ),
        ("Виктория", "Беляева", ("Viktoriia Beliaeva", "Viktoria Belyaeva", "Victoria Beljajewa")),
        ("Артём", "Тарасов", ("Artem Tarasov", "Artyom Tarasov", "Artjom Tarasow")),
        ("Ксения", "Белова", ("Kseniia Belova", "Ksenia Belova", "Xenia Belowa")),
        ("Григорий", "Комаров", ("Grigorii Komarov", "Grigoriy Komarov", "Grigori Komarow")),
        ("Людмила", "Орлова", ("Liudmila Orlova", "Lyudmila Orlova", "Ludmila Orlowa")),
        ("Роман", "Киселёв", ("Roman Kiselev", "Roman Kiselyov", "Roman Kisseljow")),
        (
            "Вячеслав",
            "Макаров",
            ("Viacheslav Makarov", "Vyacheslav Makarov", "Wjatscheslaw Makarow"),
        ),
        (
            "Екатерина",
            "Андреева",
            ("Ekaterina Andreeva", "Yekaterina Andreyeva", "Jekaterina Andrejewa"),
        ),
        ("Максим", "Ковалёв", ("Maksim Kovalev", "Maxim Kovalyov", "Maksim Kowaljow")),
        ("Юрий", "Ильин", ("Iurii Ilin", "Yuriy Ilyin", "Juri Iljin")),
        ("Галина", "Гусева", ("Galina Guseva", "Galina Gousseva")),
        ("Борис", "Титов", ("Boris Titov", "Boris Titow", "Boris Titoff")),
        ("Вера", "Кудрявцева", ("Vera Kudriavtseva", "Vera Kudryavtseva", "Wera Kudrjawzewa")),
        ("Фёдор", "Щукин", ("Fedor Shchukin", "Fyodor Shchukin", "Fjodor Schtschukin")),
    ],
)

LATIN = (
    _people(
        "ro",
        [
            ("Ștefan", "Țurcanu", ("Stefan Turcanu", "Ștefan Țurcanu", "Stefan Tsurcanu")),
            ("Mădălina", "Popescu", ("Madalina Popescu", "Mădălina Popescu")),
            ("Ioana", "Ionescu", ("Ioana Ionescu", "Ioana Ionesku")),
            ("Gheorghe", "Păun", ("Gheorghe Paun", "Gheorghe Păun", "Georghe Paun")),
            (
                "Răzvan",
                "Dumitrașcu",
                ("Razvan Dumitrascu", "Răzvan Dumitrașcu", "Razvan Dumitrashcu"),
            ),
            ("Andreea", "Stănescu", ("Andreea Stanescu", "Andrea Stanescu")),
            ("Ion", "Munteanu", ("Ion Munteanu", "Ioan Munteanu")),
            ("Cătălina", "Șerban", ("Catalina Serban", "Cătălina Șerban", "Catalina Sherban")),
            ("Mihai", "Tănase", ("Mihai Tanase", "Mihaj Tanase", "Mihai Tănase")),
            (
                "Alexandru",
                "Constantinescu",
                ("Alexandru Constantinescu", "Aleksandru Konstantinescu"),
            ),
            ("Bianca", "Vlădescu", ("Bianca Vladescu", "Bianka Vladescu")),
            ("Florin", "Țăranu", ("Florin Taranu", "Florin Tsaranu")),
            ("Elena", "Bălan", ("Elena Balan", "Elena Bălan")),
            ("Vasile", "Ciobanu", ("Vasile Ciobanu", "Vasile Chiobanu")),
            ("Oana", "Dragomir", ("Oana Dragomir", "Oana Dragomirr")),
            ("Teodora", "Niculescu", ("Teodora Niculescu", "Theodora Niculescu")),
            ("Sorin", "Mureșan", ("Sorin Muresan", "Sorin Mureshan")),
            ("Irina", "Băsescu", ("Irina Basescu", "Irina Bășescu")),
            ("Cosmin", "Lăzărescu", ("Cosmin Lazarescu", "Kosmin Lazarescu")),
            ("Daniela", "Ghiță", ("Daniela Ghita", "Daniela Ghitsa", "Daniela Ghiță")),
        ],
    )
    + _people(
        "cs",
        [
            ("Jiří", "Dvořák", ("Jiri Dvorak", "Jiří Dvořák", "Jiri Dvorzak")),
            ("Petra", "Nováková", ("Petra Novakova", "Petra Nováková")),
            ("Tomáš", "Černý", ("Tomas Cerny", "Tomasz Czerny", "Tomas Tscherny")),
            ("Kateřina", "Svobodová", ("Katerina Svobodova", "Katerina Swobodova")),
            ("Václav", "Procházka", ("Vaclav Prochazka", "Vatslav Prokhazka", "Václav Procházka")),
            ("Lucie", "Kučerová", ("Lucie Kucerova", "Lucie Kuczerova")),
            ("Zdeněk", "Veselý", ("Zdenek Vesely", "Zdeněk Veselý")),
            ("Markéta", "Horáková", ("Marketa Horakova", "Markéta Horáková")),
            ("Ondřej", "Němec", ("Ondrej Nemec", "Ondřej Němec", "Ondrej Niemec")),
            ("Šárka", "Marešová", ("Sarka Maresova", "Sharka Mareshova")),
            ("Lukáš", "Pokorný", ("Lukas Pokorny", "Lukasz Pokorny")),
            ("Jana", "Růžičková", ("Jana Ruzickova", "Jana Ruzhichkova")),
            ("Miroslav", "Krejčí", ("Miroslav Krejci", "Miroslav Krejchi", "Miroslaw Krejci")),
            ("Veronika", "Šťastná", ("Veronika Stastna", "Veronika Shtastna")),
            ("Radek", "Hájek", ("Radek Hajek", "Radek Haiek")),
        ],
    )
    + _people(
        "tr",
        [
            ("Mehmet", "Yılmaz", ("Mehmet Yilmaz", "Mehmet Yılmaz", "Mehmed Yilmaz")),
            ("Ayşe", "Kaya", ("Ayse Kaya", "Ayshe Kaya", "Aysha Kaya")),
            ("Mustafa", "Çelik", ("Mustafa Celik", "Mustafa Chelik", "Moustafa Celik")),
            ("Fatma", "Şahin", ("Fatma Sahin", "Fatma Shahin")),
            ("Ahmet", "Öztürk", ("Ahmet Ozturk", "Ahmet Oeztuerk", "Ahmed Ozturk")),
            ("Emine", "Aydın", ("Emine Aydin", "Emine Aidin")),
            ("Hüseyin", "Doğan", ("Huseyin Dogan", "Hueseyin Dogan", "Hussein Dogan")),
            ("Zeynep", "Arslan", ("Zeynep Arslan", "Zeinep Arslan", "Zeynep Aslan")),
            ("Murat", "Koç", ("Murat Koc", "Murat Koch")),
            ("Elif", "Kılıç", ("Elif Kilic", "Elif Kilich")),
            ("Burak", "Yıldız", ("Burak Yildiz", "Burak Yildis")),
            ("Özlem", "Aksoy", ("Ozlem Aksoy", "Oezlem Aksoi")),
            ("Çağlar", "Erdoğan", ("Caglar Erdogan", "Chaglar Erdogan", "Çağlar Erdoğan")),
            ("Gülşen", "Polat", ("Gulsen Polat", "Gulshen Polat")),
            ("İbrahim", "Şimşek", ("Ibrahim Simsek", "Ibrahim Shimshek", "İbrahim Şimşek")),
        ],
    )
)

PEOPLE: list[Person] = ARABIC + UKRAINIAN + RUSSIAN + LATIN

#: people who are not in the register: every answer to these is a false one
UNREGISTERED: tuple[str, ...] = (
    "Khalil Gibran", "Nadia Murad", "Tamer Hosny", "Samira Said", "Ziad Rahbani",
    "Mykhailo Fedorov", "Yaroslava Mahuchikh", "Andriy Shevchenko", "Vitali Klitschko",
    "Olena Zelenska", "Anatoly Karpov", "Galina Vishnevskaya", "Nicolae Grigorescu",
    "Simona Halep", "Bohumil Hrabal", "Dana Zatopkova", "Orhan Pamuk", "Elif Shafak",
    "Hakan Sukur", "Sertab Erener",
)  # fmt: skip
