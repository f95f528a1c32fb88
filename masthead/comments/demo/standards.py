"""The demo's community standards as each edition states them: a title and a one-line summary.

One entry per language of `settings.LANGUAGES`, each with every standard the moderation engine
enforces (`masthead.moderation.reasons.ReasonCode`, less the system reasons), in the order
readers read them; the English order gives every language's `sort_order`. The texts are
written for Masthead, not machine-translated: each says in its edition's words what the
English says, in the register of that edition's interface (vous, usted, Sie, Вы, você).
Loaded by `community_standards_demo_load` (this package); editors change them in the admin.
"""

from __future__ import annotations

from typing import NamedTuple


class StandardText(NamedTuple):
    title: str
    summary: str


STANDARDS: dict[str, dict[str, StandardText]] = {
    "en": {
        "off_topic": StandardText(
            "Stay on topic",
            "Comment on the story above: other subjects have their own articles.",
        ),
        "hatred": StandardText(
            "No hatred or discrimination",
            "No attacks on people for their origin, ethnicity, sex, sexual orientation, "
            "religion, disability or social position; the rights of minorities are respected "
            "here.",
        ),
        "harm_to_minors": StandardText(
            "Protect children",
            "Nothing that sexualises, endangers or exposes minors.",
        ),
        "extremism": StandardText(
            "No extremism or calls for illegal acts",
            "No praise of terrorism or violent extremism, and no calls to break the law.",
        ),
        "insult": StandardText(
            "No insults or threats",
            "Disagree with ideas, not with people: no insults or threats against readers, the "
            "people in the news or organisations.",
        ),
        "publisher_disrespect": StandardText(
            "Respect the newsroom",
            "Criticise our journalism as much as you like, with arguments; abuse of the staff "
            "is removed.",
        ),
        "privacy": StandardText(
            "Keep other people's data private",
            "No e-mail addresses, phone numbers, card or bank numbers or home addresses of anyone.",
        ),
        "animal_cruelty": StandardText(
            "No cruelty to animals",
            "No praise of, or instructions for, violence against animals.",
        ),
        "suicide": StandardText(
            "No suicide methods",
            "Talk about suicide with care; never describe methods. If you are struggling, "
            "please reach out to a helpline.",
        ),
        "commercial": StandardText(
            "No advertising",
            "The comments are not for selling or for sending readers to other sites; a link "
            "that supports your point is welcome.",
        ),
        "product_promotion": StandardText(
            "No product promotion",
            "Do not promote products or services, yours or anyone's.",
        ),
        "profanity": StandardText(
            "Keep it clean",
            "No swearing or obscenities, however they are spelled.",
        ),
        "spam": StandardText(
            "No spam or get-rich-quick schemes",
            "No chain messages, miracle earnings or scams.",
        ),
        "narcotics": StandardText(
            "No drug dealing",
            "No selling, buying or promoting narcotics.",
        ),
        "malware": StandardText(
            "No links to malware",
            "Links to sites known to spread viruses or malware are never published.",
        ),
        "flash_mob": StandardText(
            "No coordinated campaigns",
            "Many identical comments from different accounts are held for a moderator.",
        ),
        "flooding": StandardText(
            "Don't flood the discussion",
            "Give others room: many messages in a short time, or text that makes no sense, is "
            "held.",
        ),
        "trolling": StandardText(
            "No trolling",
            "No baiting, humiliating or harassing other readers.",
        ),
        "capitals": StandardText(
            "Don't shout",
            "No writing in capitals, and break long text into sentences.",
        ),
        "language": StandardText(
            "Write in the edition's language",
            "Comment in the language of the edition you are reading, so everyone can follow.",
        ),
    },
    "fr": {
        "off_topic": StandardText(
            "Restez dans le sujet",
            "Commentez l'article ci-dessus : les autres sujets ont leurs propres articles.",
        ),
        "hatred": StandardText(
            "Ni haine ni discrimination",
            "Aucune attaque contre des personnes pour leur origine, leur ethnie, leur sexe, "
            "leur orientation sexuelle, leur religion, un handicap ou leur condition sociale ; "
            "les droits des minorités sont respectés ici.",
        ),
        "harm_to_minors": StandardText(
            "Protégez les enfants",
            "Rien qui sexualise, mette en danger ou expose des mineurs.",
        ),
        "extremism": StandardText(
            "Ni extrémisme ni appel à l'illégalité",
            "Aucune apologie du terrorisme ou de l'extrémisme violent, aucun appel à enfreindre "
            "la loi.",
        ),
        "insult": StandardText(
            "Ni insultes ni menaces",
            "Critiquez les idées, pas les personnes : aucune insulte ni menace envers les "
            "lecteurs, les personnes citées ou les organisations.",
        ),
        "publisher_disrespect": StandardText(
            "Respectez la rédaction",
            "Critiquez notre travail autant que vous voulez, avec des arguments ; les injures "
            "envers l'équipe sont retirées.",
        ),
        "privacy": StandardText(
            "Protégez les données d'autrui",
            "Aucune adresse e-mail, aucun numéro de téléphone, de carte ou de compte, aucune "
            "adresse postale de qui que ce soit.",
        ),
        "animal_cruelty": StandardText(
            "Pas de cruauté envers les animaux",
            "Aucune apologie ni mode d'emploi de violences envers les animaux.",
        ),
        "suicide": StandardText(
            "Aucune méthode de suicide",
            "Parlez du suicide avec précaution, sans jamais décrire de méthode. Si vous allez "
            "mal, contactez une ligne d'écoute.",
        ),
        "commercial": StandardText(
            "Pas de publicité",
            "Les commentaires ne servent ni à vendre ni à envoyer les lecteurs ailleurs ; un "
            "lien qui appuie votre propos est bienvenu.",
        ),
        "product_promotion": StandardText(
            "Pas de promotion de produits",
            "Ne faites la promotion d'aucun produit ni service, le vôtre ou celui d'un autre.",
        ),
        "profanity": StandardText(
            "Restez correct",
            "Ni jurons ni obscénités, quelle qu'en soit l'orthographe.",
        ),
        "spam": StandardText(
            "Ni spam ni argent facile",
            "Ni chaînes, ni gains miraculeux, ni arnaques.",
        ),
        "narcotics": StandardText(
            "Pas de trafic de drogue",
            "Ni vente, ni achat, ni promotion de stupéfiants.",
        ),
        "malware": StandardText(
            "Aucun lien malveillant",
            "Les liens vers des sites connus pour diffuser des virus ne sont jamais publiés.",
        ),
        "flash_mob": StandardText(
            "Pas de campagnes coordonnées",
            "Les commentaires identiques venus de nombreux comptes sont soumis à un modérateur.",
        ),
        "flooding": StandardText(
            "N'inondez pas la discussion",
            "Laissez de la place aux autres : beaucoup de messages en peu de temps, ou un texte "
            "incohérent, sont retenus.",
        ),
        "trolling": StandardText(
            "Pas de trolls",
            "Ne provoquez, n'humiliez ni ne harcelez les autres lecteurs.",
        ),
        "capitals": StandardText(
            "Ne criez pas",
            "N'écrivez pas en majuscules et découpez les longs textes en phrases.",
        ),
        "language": StandardText(
            "Écrivez dans la langue de l'édition",
            "Commentez dans la langue de l'édition que vous lisez, pour que tout le monde suive.",
        ),
    },
    "es": {
        "off_topic": StandardText(
            "No se salga del tema",
            "Comente la noticia de arriba: los demás temas tienen sus propios artículos.",
        ),
        "hatred": StandardText(
            "Ni odio ni discriminación",
            "Ningún ataque a personas por su origen, etnia, sexo, orientación sexual, religión, "
            "discapacidad o posición social; aquí se respetan los derechos de las minorías.",
        ),
        "harm_to_minors": StandardText(
            "Proteja a los niños",
            "Nada que sexualice, ponga en peligro o exponga a menores.",
        ),
        "extremism": StandardText(
            "Ni extremismo ni llamamientos a la ilegalidad",
            "Ninguna apología del terrorismo o del extremismo violento, ni llamamientos a "
            "infringir la ley.",
        ),
        "insult": StandardText(
            "Ni insultos ni amenazas",
            "Rebata las ideas, no a las personas: nada de insultos ni amenazas contra los "
            "lectores, contra quienes aparecen en las noticias o contra las organizaciones.",
        ),
        "publisher_disrespect": StandardText(
            "Respete a la redacción",
            "Critique nuestro periodismo todo lo que quiera, con argumentos; los insultos a "
            "nuestro equipo se eliminan.",
        ),
        "privacy": StandardText(
            "Proteja los datos de los demás",
            "Ninguna dirección de correo electrónico, número de teléfono, de tarjeta o de "
            "cuenta bancaria ni domicilio de nadie.",
        ),
        "animal_cruelty": StandardText(
            "Nada de crueldad con los animales",
            "Ninguna apología de la violencia contra los animales ni instrucciones para ejercerla.",
        ),
        "suicide": StandardText(
            "No describa métodos de suicidio",
            "Hable del suicidio con cuidado, sin describir nunca métodos. Si lo está pasando "
            "mal, contacte con una línea de ayuda.",
        ),
        "commercial": StandardText(
            "Sin publicidad",
            "Los comentarios no son para vender ni para llevar a los lectores a otros sitios; "
            "un enlace que respalde su argumento es bienvenido.",
        ),
        "product_promotion": StandardText(
            "Sin promoción de productos",
            "No promocione productos ni servicios, ni los suyos ni los de nadie.",
        ),
        "profanity": StandardText(
            "Cuide el lenguaje",
            "Nada de palabrotas ni obscenidades, se escriban como se escriban.",
        ),
        "spam": StandardText(
            "Ni spam ni dinero fácil",
            "Nada de cadenas, ganancias milagrosas ni estafas.",
        ),
        "narcotics": StandardText(
            "Nada de tráfico de drogas",
            "Ni venta, ni compra, ni promoción de estupefacientes.",
        ),
        "malware": StandardText(
            "Ningún enlace a software malicioso",
            "Los enlaces a sitios conocidos por propagar virus o software malicioso no se "
            "publican nunca.",
        ),
        "flash_mob": StandardText(
            "Nada de campañas coordinadas",
            "Los comentarios idénticos enviados desde muchas cuentas distintas quedan "
            "retenidos hasta que los revise un moderador.",
        ),
        "flooding": StandardText(
            "No inunde la conversación",
            "Deje espacio a los demás: muchos mensajes en poco tiempo, o un texto sin sentido, "
            "quedan retenidos.",
        ),
        "trolling": StandardText(
            "Nada de troleo",
            "No provoque, humille ni acose a otros lectores.",
        ),
        "capitals": StandardText(
            "No grite",
            "No escriba en mayúsculas y divida los textos largos en frases.",
        ),
        "language": StandardText(
            "Escriba en el idioma de la edición",
            "Comente en el idioma de la edición que está leyendo, para que todos puedan seguir "
            "la conversación.",
        ),
    },
    "ru": {
        "off_topic": StandardText(
            "Не отклоняйтесь от темы",
            "Обсуждайте материал, под которым пишете: для других тем есть свои статьи.",
        ),
        "hatred": StandardText(
            "Никакой ненависти и дискриминации",
            "Никаких нападок на людей из-за их происхождения, этнической принадлежности, пола, "
            "сексуальной ориентации, религии, инвалидности или социального положения; здесь "
            "уважают права меньшинств.",
        ),
        "harm_to_minors": StandardText(
            "Берегите детей",
            "Ничего, что сексуализирует несовершеннолетних, подвергает их опасности или "
            "выставляет напоказ.",
        ),
        "extremism": StandardText(
            "Никакого экстремизма и призывов нарушать закон",
            "Никакого восхваления терроризма или насильственного экстремизма и никаких "
            "призывов нарушать закон.",
        ),
        "insult": StandardText(
            "Без оскорблений и угроз",
            "Спорьте с идеями, а не с людьми: никаких оскорблений и угроз в адрес читателей, "
            "героев публикаций или организаций.",
        ),
        "publisher_disrespect": StandardText(
            "Уважайте редакцию",
            "Критикуйте нашу журналистику сколько угодно, но с аргументами; оскорбления в "
            "адрес сотрудников удаляются.",
        ),
        "privacy": StandardText(
            "Не раскрывайте чужие данные",
            "Не публикуйте ничьи адреса электронной почты, номера телефонов, банковских карт "
            "и счетов или домашние адреса.",
        ),
        "animal_cruelty": StandardText(
            "Никакой жестокости к животным",
            "Никакого одобрения насилия над животными и никаких инструкций, как его совершать.",
        ),
        "suicide": StandardText(
            "Не описывайте способы самоубийства",
            "Говорите о самоубийстве бережно и никогда не описывайте способы. Если вам тяжело, "
            "пожалуйста, обратитесь на телефон доверия.",
        ),
        "commercial": StandardText(
            "Без рекламы",
            "Комментарии не для того, чтобы продавать или уводить читателей на другие сайты; "
            "ссылка, которая подкрепляет вашу мысль, приветствуется.",
        ),
        "product_promotion": StandardText(
            "Не продвигайте товары",
            "Не рекламируйте товары и услуги — ни свои, ни чужие.",
        ),
        "profanity": StandardText(
            "Без брани",
            "Никакой брани и непристойностей, как бы они ни были написаны.",
        ),
        "spam": StandardText(
            "Без спама и «лёгких денег»",
            "Никаких писем счастья, чудесных заработков и мошенничества.",
        ),
        "narcotics": StandardText(
            "Никакой торговли наркотиками",
            "Никакой продажи, покупки или пропаганды наркотиков.",
        ),
        "malware": StandardText(
            "Никаких ссылок на вредоносные программы",
            "Ссылки на сайты, известные тем, что распространяют вирусы или вредоносные "
            "программы, не публикуются никогда.",
        ),
        "flash_mob": StandardText(
            "Никаких скоординированных кампаний",
            "Если много одинаковых комментариев приходит с разных учётных записей, они ждут "
            "проверки модератора.",
        ),
        "flooding": StandardText(
            "Не флудите",
            "Дайте высказаться другим: поток сообщений за короткое время или бессмысленный "
            "текст задерживаются до проверки.",
        ),
        "trolling": StandardText(
            "Без троллинга",
            "Не провоцируйте, не унижайте и не травите других читателей.",
        ),
        "capitals": StandardText(
            "Не кричите",
            "Не пишите заглавными буквами и разбивайте длинный текст на предложения.",
        ),
        "language": StandardText(
            "Пишите на языке издания",
            "Комментируйте на языке издания, которое вы читаете, чтобы всем было понятно.",
        ),
    },
    "de": {
        "off_topic": StandardText(
            "Bleiben Sie beim Thema",
            "Kommentieren Sie den Artikel oben: Andere Themen haben ihre eigenen Artikel.",
        ),
        "hatred": StandardText(
            "Kein Hass, keine Diskriminierung",
            "Keine Angriffe auf Menschen wegen ihrer Herkunft, ihrer ethnischen Zugehörigkeit, "
            "ihres Geschlechts, ihrer sexuellen Orientierung, ihrer Religion, einer Behinderung "
            "oder ihrer sozialen Stellung; die Rechte von Minderheiten werden hier geachtet.",
        ),
        "harm_to_minors": StandardText(
            "Schützen Sie Kinder",
            "Nichts, was Minderjährige sexualisiert, gefährdet oder bloßstellt.",
        ),
        "extremism": StandardText(
            "Kein Extremismus, keine Aufrufe zum Rechtsbruch",
            "Keine Verherrlichung von Terrorismus oder gewalttätigem Extremismus und keine "
            "Aufrufe, das Gesetz zu brechen.",
        ),
        "insult": StandardText(
            "Keine Beleidigungen oder Drohungen",
            "Streiten Sie über Ideen, nicht mit Menschen: keine Beleidigungen oder Drohungen "
            "gegen Leser, gegen Menschen aus den Nachrichten oder gegen Organisationen.",
        ),
        "publisher_disrespect": StandardText(
            "Respektieren Sie die Redaktion",
            "Kritisieren Sie unseren Journalismus, so viel Sie wollen, mit Argumenten; "
            "Beschimpfungen unserer Mitarbeiter werden entfernt.",
        ),
        "privacy": StandardText(
            "Schützen Sie die Daten anderer",
            "Keine E-Mail-Adressen, Telefon-, Karten- oder Kontonummern und keine "
            "Wohnadressen, von niemandem.",
        ),
        "animal_cruelty": StandardText(
            "Keine Tierquälerei",
            "Keine Verherrlichung von Gewalt gegen Tiere und keine Anleitungen dazu.",
        ),
        "suicide": StandardText(
            "Keine Suizidmethoden",
            "Sprechen Sie behutsam über Suizid und beschreiben Sie niemals Methoden. Wenn es "
            "Ihnen schlecht geht, wenden Sie sich bitte an ein Krisentelefon.",
        ),
        "commercial": StandardText(
            "Keine Werbung",
            "Die Kommentare sind nicht zum Verkaufen da und nicht dazu, Leser auf andere "
            "Websites zu schicken; ein Link, der Ihr Argument stützt, ist willkommen.",
        ),
        "product_promotion": StandardText(
            "Keine Produktwerbung",
            "Werben Sie nicht für Produkte oder Dienstleistungen, weder für Ihre eigenen noch "
            "für die anderer.",
        ),
        "profanity": StandardText(
            "Bleiben Sie anständig",
            "Keine Kraftausdrücke oder Obszönitäten, egal wie sie geschrieben werden.",
        ),
        "spam": StandardText(
            "Kein Spam, kein schnelles Geld",
            "Keine Kettenbriefe, keine Wundergewinne, keine Betrugsmaschen.",
        ),
        "narcotics": StandardText(
            "Kein Drogenhandel",
            "Kein Verkauf, kein Kauf und keine Werbung für Drogen.",
        ),
        "malware": StandardText(
            "Keine Links zu Schadsoftware",
            "Links zu Websites, die dafür bekannt sind, Viren oder Schadsoftware zu verbreiten, "
            "werden nie veröffentlicht.",
        ),
        "flash_mob": StandardText(
            "Keine koordinierten Kampagnen",
            "Viele gleichlautende Kommentare von verschiedenen Konten werden zurückgehalten, "
            "bis ein Moderator sie prüft.",
        ),
        "flooding": StandardText(
            "Überfluten Sie die Diskussion nicht",
            "Lassen Sie anderen Raum: Viele Beiträge in kurzer Zeit oder unverständlicher Text "
            "werden zurückgehalten.",
        ),
        "trolling": StandardText(
            "Kein Trollen",
            "Provozieren, demütigen oder belästigen Sie andere Leser nicht.",
        ),
        "capitals": StandardText(
            "Schreien Sie nicht",
            "Schreiben Sie nicht in Großbuchstaben, und gliedern Sie lange Texte in Sätze.",
        ),
        "language": StandardText(
            "Schreiben Sie in der Sprache der Ausgabe",
            "Kommentieren Sie in der Sprache der Ausgabe, die Sie lesen, damit alle folgen können.",
        ),
    },
    # European Portuguese, as the edition's interface and stories are written (utilizador,
    # equipa, ligação).
    "pt": {
        "off_topic": StandardText(
            "Mantenha-se no tema",
            "Comente a notícia acima: os outros assuntos têm os seus próprios artigos.",
        ),
        "hatred": StandardText(
            "Nem ódio nem discriminação",
            "Nenhum ataque a pessoas pela sua origem, etnia, sexo, orientação sexual, religião, "
            "deficiência ou condição social; aqui respeitam-se os direitos das minorias.",
        ),
        "harm_to_minors": StandardText(
            "Proteja as crianças",
            "Nada que sexualize, ponha em perigo ou exponha menores.",
        ),
        "extremism": StandardText(
            "Nem extremismo nem apelos à ilegalidade",
            "Nenhuma apologia do terrorismo ou do extremismo violento, nem apelos a infringir a "
            "lei.",
        ),
        "insult": StandardText(
            "Nem insultos nem ameaças",
            "Discorde das ideias, não das pessoas: nada de insultos ou ameaças a leitores, a "
            "pessoas que são notícia ou a organizações.",
        ),
        "publisher_disrespect": StandardText(
            "Respeite a redação",
            "Critique o nosso jornalismo à vontade, com argumentos; os insultos à equipa são "
            "removidos.",
        ),
        "privacy": StandardText(
            "Proteja os dados dos outros",
            "Nenhum endereço de e-mail, número de telefone, de cartão ou de conta bancária, nem "
            "morada de quem quer que seja.",
        ),
        "animal_cruelty": StandardText(
            "Nada de crueldade com animais",
            "Nenhuma apologia da violência contra animais, nem instruções para a praticar.",
        ),
        "suicide": StandardText(
            "Não descreva métodos de suicídio",
            "Fale do suicídio com cuidado, sem nunca descrever métodos. Se está a passar por um "
            "momento difícil, contacte uma linha de apoio.",
        ),
        "commercial": StandardText(
            "Sem publicidade",
            "Os comentários não servem para vender nem para encaminhar os leitores para outros "
            "sites; uma ligação que sustente o seu argumento é bem-vinda.",
        ),
        "product_promotion": StandardText(
            "Sem promoção de produtos",
            "Não promova produtos nem serviços, seus ou de quem quer que seja.",
        ),
        "profanity": StandardText(
            "Cuide da linguagem",
            "Nada de palavrões nem obscenidades, seja qual for a grafia.",
        ),
        "spam": StandardText(
            "Nem spam nem dinheiro fácil",
            "Nada de correntes, ganhos milagrosos ou burlas.",
        ),
        "narcotics": StandardText(
            "Nada de tráfico de droga",
            "Nem venda, nem compra, nem promoção de estupefacientes.",
        ),
        "malware": StandardText(
            "Nenhuma ligação maliciosa",
            "As ligações para sites conhecidos por espalhar vírus ou software malicioso nunca "
            "são publicadas.",
        ),
        "flash_mob": StandardText(
            "Nada de campanhas coordenadas",
            "Muitos comentários idênticos vindos de contas diferentes ficam retidos até um "
            "moderador os rever.",
        ),
        "flooding": StandardText(
            "Não inunde a discussão",
            "Deixe espaço aos outros: muitas mensagens em pouco tempo, ou um texto sem sentido, "
            "ficam retidos.",
        ),
        "trolling": StandardText(
            "Nada de provocações",
            "Não provoque, humilhe nem assedie outros leitores.",
        ),
        "capitals": StandardText(
            "Não grite",
            "Não escreva em maiúsculas e divida os textos longos em frases.",
        ),
        "language": StandardText(
            "Escreva no idioma da edição",
            "Comente no idioma da edição que está a ler, para que todos possam acompanhar.",
        ),
    },
    "ar": {
        "off_topic": StandardText(
            "التزم بموضوع المقال",
            "علّق على الخبر أعلاه: للموضوعات الأخرى مقالاتها الخاصة.",
        ),
        "hatred": StandardText(
            "لا للكراهية والتمييز",
            "يُمنع الهجوم على أي شخص بسبب أصله أو عرقه أو جنسه أو توجهه الجنسي أو دينه أو "
            "إعاقته أو وضعه الاجتماعي؛ فحقوق الأقليات محترمة هنا.",
        ),
        "harm_to_minors": StandardText(
            "احمِ الأطفال",
            "يُمنع كل ما يُضفي طابعًا جنسيًا على القاصرين أو يعرّضهم للخطر أو يكشفهم للعلن.",
        ),
        "extremism": StandardText(
            "لا للتطرف ولا للدعوة إلى خرق القانون",
            "يُمنع تمجيد الإرهاب أو التطرف العنيف، وتُمنع الدعوة إلى خرق القانون.",
        ),
        "insult": StandardText(
            "لا للشتائم والتهديدات",
            "ناقش الأفكار لا الأشخاص: لا شتائم ولا تهديدات للقرّاء أو لمن ترد أسماؤهم في "
            "الأخبار أو للمؤسسات.",
        ),
        "publisher_disrespect": StandardText(
            "احترم هيئة التحرير",
            "انتقد عملنا الصحفي كما تشاء، بالحجة والدليل؛ أما الإساءة إلى فريقنا فتُحذف.",
        ),
        "privacy": StandardText(
            "احفظ خصوصية بيانات الآخرين",
            "لا تنشر عناوين بريد إلكتروني أو أرقام هواتف أو أرقام بطاقات أو حسابات مصرفية أو "
            "عناوين سكن لأي شخص.",
        ),
        "animal_cruelty": StandardText(
            "لا للقسوة على الحيوانات",
            "يُمنع تمجيد العنف ضد الحيوانات أو تقديم إرشادات لممارسته.",
        ),
        "suicide": StandardText(
            "لا لوصف طرق الانتحار",
            "تحدّث عن الانتحار بحذر، ولا تصف أي طريقة أبدًا. إن كنت تمرّ بوقت عصيب، فتواصل مع "
            "خط مساعدة.",
        ),
        "commercial": StandardText(
            "لا للإعلانات",
            "التعليقات ليست للبيع ولا لتوجيه القرّاء إلى مواقع أخرى؛ والرابط الذي يدعم رأيك "
            "مرحّب به.",
        ),
        "product_promotion": StandardText(
            "لا للترويج للمنتجات",
            "لا تروّج لمنتجات أو خدمات، سواء أكانت لك أم لغيرك.",
        ),
        "profanity": StandardText(
            "حافظ على لغة لائقة",
            "لا ألفاظ نابية ولا عبارات فاحشة، أيًّا كانت طريقة كتابتها.",
        ),
        "spam": StandardText(
            "لا للرسائل المزعجة ولا لوعود الثراء السريع",
            "لا رسائل متسلسلة ولا أرباح خيالية ولا احتيال.",
        ),
        "narcotics": StandardText(
            "لا لتجارة المخدرات",
            "يُمنع بيع المخدرات أو شراؤها أو الترويج لها.",
        ),
        "malware": StandardText(
            "لا روابط إلى البرمجيات الخبيثة",
            "لا تُنشر أبدًا روابط إلى مواقع معروفة بنشر الفيروسات أو البرمجيات الخبيثة.",
        ),
        "flash_mob": StandardText(
            "لا للحملات المنسّقة",
            "التعليقات المتطابقة الكثيرة الواردة من حسابات مختلفة تُحجز إلى أن يراجعها أحد "
            "المشرفين.",
        ),
        "flooding": StandardText(
            "لا تُغرق النقاش",
            "اترك مجالًا للآخرين: الرسائل الكثيرة في وقت قصير، أو النص الذي لا معنى له، تُحجز "
            "للمراجعة.",
        ),
        "trolling": StandardText(
            "لا للتصيّد والاستفزاز",
            "لا تستفزّ القرّاء الآخرين ولا تُذلّهم ولا تضايقهم.",
        ),
        "capitals": StandardText(
            "لا تصرخ",
            "لا تكتب بالأحرف الكبيرة، وقسّم النصوص الطويلة إلى جمل.",
        ),
        "language": StandardText(
            "اكتب بلغة الطبعة",
            "علّق بلغة الطبعة التي تقرؤها، حتى يتمكن الجميع من المتابعة.",
        ),
    },
    "zh-hans": {
        "off_topic": StandardText(
            "紧扣主题",
            "请针对上方的报道发表评论：其他话题自有相关文章。",
        ),
        "hatred": StandardText(
            "禁止仇恨与歧视",
            "不得因出身、族裔、性别、性取向、宗教、残障或社会地位攻击他人；本站尊重少数群体的权利。",
        ),
        "harm_to_minors": StandardText(
            "保护儿童",
            "不得发布任何将未成年人性化、危及其安全或暴露其隐私的内容。",
        ),
        "extremism": StandardText(
            "禁止极端主义和违法号召",
            "不得美化恐怖主义或暴力极端主义，不得号召他人违法。",
        ),
        "insult": StandardText(
            "禁止辱骂和威胁",
            "对事不对人：不得辱骂或威胁读者、新闻当事人或任何机构。",
        ),
        "publisher_disrespect": StandardText(
            "尊重编辑部",
            "您可以尽情批评我们的新闻报道，但请摆事实、讲道理；辱骂我们员工的内容将被删除。",
        ),
        "privacy": StandardText(
            "保护他人隐私",
            "不得公开任何人的电子邮件地址、电话号码、银行卡号、银行账号或住址。",
        ),
        "animal_cruelty": StandardText(
            "禁止虐待动物",
            "不得美化针对动物的暴力，也不得传授施暴方法。",
        ),
        "suicide": StandardText(
            "禁止描述自杀方法",
            "谈论自杀话题时请谨慎，切勿描述自杀方法。如果您正经历困难，请联系心理援助热线。",
        ),
        "commercial": StandardText(
            "禁止广告",
            "评论区不是销售商品或把读者引向其他网站的地方；欢迎附上支持您观点的链接。",
        ),
        "product_promotion": StandardText(
            "禁止推销产品",
            "不得推销任何产品或服务，无论是您自己的还是他人的。",
        ),
        "profanity": StandardText(
            "文明用语",
            "不得使用脏话或下流语言，无论怎样变换写法。",
        ),
        "spam": StandardText(
            "禁止垃圾信息和暴富骗局",
            "不得发布连锁信、一夜暴富的承诺或诈骗内容。",
        ),
        "narcotics": StandardText(
            "禁止毒品交易",
            "不得买卖或宣传毒品。",
        ),
        "malware": StandardText(
            "禁止恶意软件链接",
            "指向已知传播病毒或恶意软件的网站的链接，一律不予发布。",
        ),
        "flash_mob": StandardText(
            "禁止有组织的刷评",
            "来自多个不同账号的大量相同评论将被暂扣，等待审核员处理。",
        ),
        "flooding": StandardText(
            "请勿刷屏",
            "请给他人留出发言空间：短时间内发布大量消息，或发布毫无意义的文字，都将被暂扣审核。",
        ),
        "trolling": StandardText(
            "禁止恶意挑衅",
            "不得挑衅、羞辱或骚扰其他读者。",
        ),
        "capitals": StandardText(
            "请勿大喊大叫",
            "请勿全部使用大写字母，长篇文字请分句书写。",
        ),
        "language": StandardText(
            "使用本语言版的语言撰写",
            "请使用您正在阅读的语言版所用的语言发表评论，以便大家都能看懂。",
        ),
    },
}
