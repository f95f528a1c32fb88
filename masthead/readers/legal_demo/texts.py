"""The demo's privacy policy and terms of use in each edition's language: a title and the text.

One entry per language of `settings.LANGUAGES`; the English texts are the documents of record
(members accept those), the others their translations, written for Masthead, not machine
output, in the register of each edition's interface and with its words (the footer's "Privacy
policy", "display name", "account"). The HTML is wrapped for reading here; the loader stores it
one line per block. Loaded by `legal_documents_demo_load` (this package).
"""

from __future__ import annotations

from typing import NamedTuple

from ..models import LegalDocumentKind


class LegalText(NamedTuple):
    title: str
    body: str


PRIVACY_EN = """
<p>Masthead is a news site. You can read every story without an account. This policy says what
we keep about the readers who open an account, why, for how long, and what you can do about it.</p>
<h2>What we keep</h2>
<ul>
<li>Your e-mail address, to let you log in and to write to you about your account.</li>
<li>Your display name, and the avatar, language and time zone you choose in your profile.</li>
<li>Your log-ins of the last 90 days (when, from which IP address and browser), so that you and
we can spot a log-in that was not yours.</li>
<li>The comments you post.</li>
<li>When you accepted each version of this policy and of the terms of use.</li>
</ul>
<h2>What we do not do</h2>
<p>We do not sell or share your data. The site loads no advertising or tracking scripts. Its
only cookies keep you logged in and protect the forms you send.</p>
<h2>How long</h2>
<p>Until you delete your account. A deleted account is closed at once and can be restored for
30 days; after that its personal data is erased for good. If the account had been blocked, we
keep only a scrambled fingerprint of its e-mail address so that it cannot register again.</p>
<h2>Your rights</h2>
<p>From your account you can download all your personal data in one archive, correct your
profile and delete your account. For anything else, write to us at the address below.</p>
"""

TERMS_EN = """
<p>These terms apply to everyone who opens an account on Masthead.</p>
<h2>Your account</h2>
<p>One account per person. Keep your password to yourself; tell us if someone else used your
account. Your display name must not pretend to be someone else.</p>
<h2>Comments</h2>
<p>Debate the story, not the people. No insults, threats, hate, spam or other people's private
information. Comments are moderated: a comment that breaks these rules may be hidden, and an
account that keeps breaking them may be suspended or blocked. You may appeal a decision.</p>
<h2>What you post</h2>
<p>You keep the rights to your comments and let Masthead show them on the site for as long as
they are online. You can delete them at any time.</p>
<h2>Changes</h2>
<p>When these terms or the privacy policy change in a way that matters, we ask you to read and
accept the new version before you go on; you may instead delete your account.</p>
"""

PRIVACY_FR = """
<p>Masthead est un site d'information. Tous les articles se lisent sans compte. Cette politique
dit ce que nous gardons sur les lecteurs qui ouvrent un compte, pourquoi, combien de temps, et
ce que vous pouvez y faire.</p>
<h2>Ce que nous gardons</h2>
<ul>
<li>Votre adresse e-mail, pour vous connecter et vous écrire au sujet de votre compte.</li>
<li>Votre nom affiché, et l'avatar, la langue et le fuseau horaire choisis dans votre profil.</li>
<li>Vos connexions des 90 derniers jours (quand, depuis quelle adresse IP et quel navigateur),
pour que vous et nous repérions une connexion qui n'était pas la vôtre.</li>
<li>Les commentaires que vous publiez.</li>
<li>La date à laquelle vous avez accepté chaque version de cette politique et des conditions
d'utilisation.</li>
</ul>
<h2>Ce que nous ne faisons pas</h2>
<p>Nous ne vendons ni ne partageons vos données. Le site ne charge aucun script publicitaire ni
de suivi. Ses seuls cookies vous gardent connecté et protègent les formulaires que vous
envoyez.</p>
<h2>Combien de temps</h2>
<p>Jusqu'à la suppression de votre compte. Un compte supprimé est fermé aussitôt et peut être
restauré pendant 30 jours ; ensuite ses données personnelles sont effacées pour de bon. Si le
compte avait été bloqué, nous ne gardons qu'une empreinte brouillée de son adresse e-mail pour
qu'il ne puisse pas se réinscrire.</p>
<h2>Vos droits</h2>
<p>Depuis votre compte, vous pouvez télécharger toutes vos données personnelles en une archive,
corriger votre profil et supprimer votre compte. Pour tout le reste, écrivez-nous à l'adresse
ci-dessous.</p>
"""

TERMS_FR = """
<p>Ces conditions s'appliquent à toute personne qui ouvre un compte sur Masthead.</p>
<h2>Votre compte</h2>
<p>Un compte par personne. Gardez votre mot de passe pour vous ; prévenez-nous si quelqu'un
d'autre a utilisé votre compte. Votre nom affiché ne doit pas faire croire que vous êtes
quelqu'un d'autre.</p>
<h2>Les commentaires</h2>
<p>Discutez de l'article, pas des personnes. Ni insultes, ni menaces, ni haine, ni spam, ni
informations privées sur autrui. Les commentaires sont modérés : un commentaire qui enfreint
ces règles peut être masqué, et un compte qui les enfreint encore peut être suspendu ou
bloqué. Vous pouvez contester une décision.</p>
<h2>Ce que vous publiez</h2>
<p>Vous gardez vos droits sur vos commentaires et autorisez Masthead à les montrer sur le site
tant qu'ils sont en ligne. Vous pouvez les supprimer à tout moment.</p>
<h2>Les changements</h2>
<p>Quand ces conditions ou la politique de confidentialité changent de façon importante, nous
vous demandons de lire et d'accepter la nouvelle version avant de continuer ; vous pouvez
aussi supprimer votre compte.</p>
"""

PRIVACY_ES = """
<p>Masthead es un sitio de noticias. Puede leer todas las noticias sin una cuenta. Esta política
explica qué datos guardamos de los lectores que abren una cuenta, por qué, durante cuánto tiempo
y qué puede hacer usted al respecto.</p>
<h2>Qué guardamos</h2>
<ul>
<li>Su dirección de correo electrónico, para que pueda iniciar sesión y para escribirle sobre su
cuenta.</li>
<li>Su nombre público, y el avatar, el idioma y la zona horaria que elija en su perfil.</li>
<li>Sus inicios de sesión de los últimos 90 días (cuándo, desde qué dirección IP y qué
navegador), para que usted y nosotros podamos detectar un inicio de sesión que no fue suyo.</li>
<li>Los comentarios que publica.</li>
<li>Cuándo aceptó cada versión de esta política y de las condiciones de uso.</li>
</ul>
<h2>Qué no hacemos</h2>
<p>No vendemos ni compartimos sus datos. El sitio no carga scripts de publicidad ni de
seguimiento. Las únicas cookies que utiliza sirven para mantener su sesión iniciada y proteger
los formularios que envía.</p>
<h2>Durante cuánto tiempo</h2>
<p>Hasta que elimine su cuenta. Una cuenta eliminada se cierra de inmediato y puede restaurarse
durante 30 días; después, sus datos personales se borran definitivamente. Si la cuenta había
sido bloqueada, solo conservamos una huella codificada de su dirección de correo electrónico
para que no pueda volver a registrarse.</p>
<h2>Sus derechos</h2>
<p>Desde su cuenta puede descargar todos sus datos personales en un solo archivo, corregir su
perfil y eliminar su cuenta. Para cualquier otra cosa, escríbanos a la dirección que figura más
abajo.</p>
"""

TERMS_ES = """
<p>Estas condiciones se aplican a todas las personas que abren una cuenta en Masthead.</p>
<h2>Su cuenta</h2>
<p>Una cuenta por persona. No comparta su contraseña con nadie; avísenos si otra persona ha
usado su cuenta. Su nombre público no debe hacerle pasar por otra persona.</p>
<h2>Los comentarios</h2>
<p>Debata sobre la noticia, no sobre las personas. Nada de insultos, amenazas, odio, spam ni
información privada de otras personas. Los comentarios se moderan: un comentario que incumpla
estas normas puede ocultarse, y una cuenta que las siga incumpliendo puede ser suspendida o
bloqueada. Puede recurrir cualquier decisión.</p>
<h2>Lo que publica</h2>
<p>Usted conserva los derechos sobre sus comentarios y autoriza a Masthead a mostrarlos en el
sitio mientras estén publicados. Puede eliminarlos en cualquier momento.</p>
<h2>Los cambios</h2>
<p>Cuando estas condiciones o la política de privacidad cambien de forma importante, le
pediremos que lea y acepte la nueva versión antes de continuar; también puede optar por
eliminar su cuenta.</p>
"""

PRIVACY_RU = """
<p>Masthead — новостной сайт. Все материалы можно читать без учётной записи. В этой политике
сказано, какие данные мы храним о читателях, которые заводят учётную запись, зачем, как долго и
что вы можете с этим сделать.</p>
<h2>Что мы храним</h2>
<ul>
<li>Ваш адрес электронной почты — чтобы вы могли входить на сайт, а мы могли писать вам о вашей
учётной записи.</li>
<li>Ваше отображаемое имя, а также аватар, язык и часовой пояс, которые вы выбираете в
профиле.</li>
<li>Ваши входы за последние 90 дней (когда, с какого IP-адреса и из какого браузера) — чтобы вы
и мы могли заметить вход, который совершили не вы.</li>
<li>Комментарии, которые вы публикуете.</li>
<li>Когда вы приняли каждую версию этой политики и условий использования.</li>
</ul>
<h2>Чего мы не делаем</h2>
<p>Мы не продаём ваши данные и ни с кем ими не делимся. Сайт не загружает ни рекламных
скриптов, ни скриптов отслеживания. Единственные файлы cookie, которые он использует,
сохраняют ваш вход и защищают формы, которые вы отправляете.</p>
<h2>Как долго</h2>
<p>Пока вы не удалите учётную запись. Удалённая учётная запись сразу закрывается, и её можно
восстановить в течение 30 дней; после этого её персональные данные стираются безвозвратно. Если
учётная запись была заблокирована, мы храним только зашифрованный отпечаток её адреса
электронной почты, чтобы с ним нельзя было зарегистрироваться снова.</p>
<h2>Ваши права</h2>
<p>В своей учётной записи вы можете скачать все свои персональные данные одним архивом,
исправить профиль и удалить учётную запись. По всем остальным вопросам пишите нам по адресу,
указанному ниже.</p>
"""

TERMS_RU = """
<p>Эти условия действуют для всех, кто заводит учётную запись на Masthead.</p>
<h2>Ваша учётная запись</h2>
<p>Одна учётная запись на человека. Никому не сообщайте свой пароль; дайте нам знать, если
вашей учётной записью воспользовался кто-то другой. Ваше отображаемое имя не должно выдавать
вас за другого человека.</p>
<h2>Комментарии</h2>
<p>Обсуждайте материал, а не людей. Никаких оскорблений, угроз, ненависти, спама и чужих личных
данных. Комментарии модерируются: комментарий, нарушающий эти правила, может быть скрыт, а
учётная запись, с которой их продолжают нарушать, может быть приостановлена или заблокирована.
Любое решение можно обжаловать.</p>
<h2>Ваши публикации</h2>
<p>Права на ваши комментарии остаются за вами; вы разрешаете Masthead показывать их на сайте,
пока они опубликованы. Вы можете удалить их в любой момент.</p>
<h2>Изменения</h2>
<p>Если эти условия или политика конфиденциальности существенно изменятся, мы попросим вас
прочитать и принять новую версию, прежде чем продолжить; вместо этого вы можете удалить свою
учётную запись.</p>
"""

PRIVACY_DE = """
<p>Masthead ist eine Nachrichtenseite. Alle Artikel können Sie ohne Konto lesen. Diese
Erklärung beschreibt, was wir über Leser speichern, die ein Konto eröffnen, warum, wie lange
und was Sie dagegen tun können.</p>
<h2>Was wir speichern</h2>
<ul>
<li>Ihre E-Mail-Adresse, damit Sie sich anmelden können und wir Ihnen zu Ihrem Konto schreiben
können.</li>
<li>Ihren Anzeigenamen sowie den Avatar, die Sprache und die Zeitzone, die Sie in Ihrem Profil
wählen.</li>
<li>Ihre Anmeldungen der letzten 90 Tage (wann, von welcher IP-Adresse und mit welchem
Browser), damit Sie und wir eine Anmeldung erkennen können, die nicht von Ihnen stammt.</li>
<li>Die Kommentare, die Sie veröffentlichen.</li>
<li>Wann Sie jede Fassung dieser Erklärung und der Nutzungsbedingungen akzeptiert haben.</li>
</ul>
<h2>Was wir nicht tun</h2>
<p>Wir verkaufen Ihre Daten nicht und geben sie nicht weiter. Die Seite lädt keine Werbe- oder
Tracking-Skripte. Die einzigen Cookies der Seite halten Sie angemeldet und schützen die
Formulare, die Sie absenden.</p>
<h2>Wie lange</h2>
<p>Bis Sie Ihr Konto löschen. Ein gelöschtes Konto wird sofort geschlossen und kann 30 Tage
lang wiederhergestellt werden; danach werden seine personenbezogenen Daten endgültig gelöscht.
War das Konto gesperrt, behalten wir nur einen unkenntlich gemachten Fingerabdruck seiner
E-Mail-Adresse, damit mit ihr kein neues Konto eröffnet werden kann.</p>
<h2>Ihre Rechte</h2>
<p>In Ihrem Konto können Sie alle Ihre personenbezogenen Daten in einem Archiv herunterladen,
Ihr Profil berichtigen und Ihr Konto löschen. Für alles Weitere schreiben Sie uns an die unten
stehende Adresse.</p>
"""

TERMS_DE = """
<p>Diese Bedingungen gelten für alle, die bei Masthead ein Konto eröffnen.</p>
<h2>Ihr Konto</h2>
<p>Ein Konto pro Person. Behalten Sie Ihr Passwort für sich; sagen Sie uns Bescheid, wenn
jemand anderes Ihr Konto benutzt hat. Ihr Anzeigename darf nicht vortäuschen, dass Sie jemand
anderes sind.</p>
<h2>Kommentare</h2>
<p>Diskutieren Sie über den Artikel, nicht über Personen. Keine Beleidigungen, Drohungen,
Hassrede, kein Spam und keine privaten Informationen über andere. Kommentare werden moderiert:
Ein Kommentar, der gegen diese Regeln verstößt, kann ausgeblendet werden, und ein Konto, das
wiederholt dagegen verstößt, kann vorübergehend oder dauerhaft gesperrt werden. Gegen eine
Entscheidung können Sie Einspruch einlegen.</p>
<h2>Was Sie veröffentlichen</h2>
<p>Die Rechte an Ihren Kommentaren bleiben bei Ihnen; Sie erlauben Masthead, sie auf der Seite
zu zeigen, solange sie online sind. Sie können sie jederzeit löschen.</p>
<h2>Änderungen</h2>
<p>Wenn sich diese Bedingungen oder die Datenschutzerklärung wesentlich ändern, bitten wir Sie,
die neue Fassung zu lesen und zu akzeptieren, bevor Sie fortfahren; Sie können stattdessen auch
Ihr Konto löschen.</p>
"""

PRIVACY_PT = """
<p>O Masthead é um site de notícias. Pode ler todas as notícias sem conta. Esta política
explica o que guardamos sobre os leitores que abrem uma conta, porquê, durante quanto tempo e o
que pode fazer quanto a isso.</p>
<h2>O que guardamos</h2>
<ul>
<li>O seu endereço de e-mail, para poder iniciar sessão e para lhe escrevermos sobre a sua
conta.</li>
<li>O seu nome público, bem como o avatar, o idioma e o fuso horário que escolher no seu
perfil.</li>
<li>Os seus inícios de sessão dos últimos 90 dias (quando, a partir de que endereço IP e de que
navegador), para que possa, tal como nós, detetar um início de sessão que não tenha sido
seu.</li>
<li>Os comentários que publica.</li>
<li>Quando aceitou cada versão desta política e dos termos de utilização.</li>
</ul>
<h2>O que não fazemos</h2>
<p>Não vendemos nem partilhamos os seus dados. O site não carrega scripts de publicidade nem de
rastreio. Os únicos cookies que utiliza mantêm a sua sessão iniciada e protegem os formulários
que envia.</p>
<h2>Durante quanto tempo</h2>
<p>Até eliminar a sua conta. Uma conta eliminada é encerrada de imediato e pode ser restaurada
durante 30 dias; depois disso, os seus dados pessoais são apagados definitivamente. Se a conta
tiver sido bloqueada, guardamos apenas uma impressão digital codificada do seu endereço de
e-mail, para que não possa voltar a registar-se.</p>
<h2>Os seus direitos</h2>
<p>Na sua conta, pode transferir todos os seus dados pessoais num único arquivo, corrigir o seu
perfil e eliminar a sua conta. Para tudo o resto, escreva-nos para o endereço indicado
abaixo.</p>
"""

TERMS_PT = """
<p>Estes termos aplicam-se a todas as pessoas que abrem uma conta no Masthead.</p>
<h2>A sua conta</h2>
<p>Uma conta por pessoa. Não partilhe a sua palavra-passe; avise-nos se outra pessoa tiver
utilizado a sua conta. O seu nome público não deve dar a entender que é outra pessoa.</p>
<h2>Comentários</h2>
<p>Discuta a notícia, não as pessoas. Nada de insultos, ameaças, ódio, spam ou informações
privadas de terceiros. Os comentários são moderados: um comentário que viole estas regras pode
ser ocultado, e uma conta que as continue a violar pode ser suspensa ou bloqueada. Pode
recorrer de qualquer decisão.</p>
<h2>O que publica</h2>
<p>Mantém os direitos sobre os seus comentários e autoriza o Masthead a mostrá-los no site
enquanto estiverem publicados. Pode eliminá-los em qualquer momento.</p>
<h2>Alterações</h2>
<p>Quando estes termos ou a política de privacidade mudarem de forma relevante, pedimos-lhe que
leia e aceite a nova versão antes de continuar; em alternativa, pode eliminar a sua conta.</p>
"""

PRIVACY_AR = """
<p>Masthead موقع إخباري، ويمكنك قراءة جميع أخباره دون حساب. توضح هذه السياسة ما نحتفظ به من
بيانات القرّاء الذين يفتحون حسابًا، ولماذا، وإلى متى، وما يمكنك فعله حيال ذلك.</p>
<h2>ما نحتفظ به</h2>
<ul>
<li>عنوان بريدك الإلكتروني، لتتمكن من تسجيل الدخول ولنراسلك بشأن حسابك.</li>
<li>اسمك المعروض، والصورة الرمزية واللغة والمنطقة الزمنية التي تختارها في ملفك الشخصي.</li>
<li>عمليات تسجيل دخولك خلال آخر 90 يومًا (متى، ومن أي عنوان IP، ومن أي متصفح)، حتى نتمكن نحن
وأنت من اكتشاف أي تسجيل دخول لم تقم به.</li>
<li>التعليقات التي تنشرها.</li>
<li>تاريخ قبولك لكل إصدار من هذه السياسة ومن شروط الاستخدام.</li>
</ul>
<h2>ما لا نفعله</h2>
<p>لا نبيع بياناتك ولا نشاركها مع أحد. لا يحمّل الموقع أي نصوص برمجية إعلانية أو نصوص تتبّع.
وملفات تعريف الارتباط الوحيدة التي يستخدمها تُبقيك مسجَّل الدخول وتحمي النماذج التي
ترسلها.</p>
<h2>إلى متى</h2>
<p>إلى أن تحذف حسابك. يُغلق الحساب المحذوف فورًا، ويمكن استعادته خلال 30 يومًا؛ وبعد ذلك تُمحى
بياناته الشخصية نهائيًا. وإذا كان الحساب محظورًا، فلا نحتفظ إلا ببصمة مشفّرة لعنوان بريده
الإلكتروني، حتى لا يمكن التسجيل به مجددًا.</p>
<h2>حقوقك</h2>
<p>يمكنك من حسابك تنزيل جميع بياناتك الشخصية في أرشيف واحد، وتصحيح ملفك الشخصي، وحذف حسابك.
ولأي أمر آخر، راسلنا على العنوان الوارد أدناه.</p>
"""

TERMS_AR = """
<p>تسري هذه الشروط على كل من يفتح حسابًا على Masthead.</p>
<h2>حسابك</h2>
<p>حساب واحد لكل شخص. لا تُطلع أحدًا على كلمة المرور، وأخبرنا إذا استخدم شخص آخر حسابك. ولا
يجوز أن يوحي اسمك المعروض بأنك شخص آخر.</p>
<h2>التعليقات</h2>
<p>ناقش الخبر لا الأشخاص. لا شتائم ولا تهديدات ولا كراهية ولا رسائل مزعجة ولا معلومات خاصة عن
الآخرين. تخضع التعليقات للإشراف: قد يُخفى التعليق الذي يخالف هذه القواعد، وقد يُعلَّق أو يُحظر
الحساب الذي يواصل مخالفتها. ويمكنك الطعن في أي قرار.</p>
<h2>ما تنشره</h2>
<p>تحتفظ بحقوقك في تعليقاتك، وتأذن لموقع Masthead بعرضها ما دامت منشورة عليه. ويمكنك حذفها في
أي وقت.</p>
<h2>التغييرات</h2>
<p>عندما تتغير هذه الشروط أو سياسة الخصوصية تغييرًا جوهريًا، نطلب منك قراءة الإصدار الجديد
وقبوله قبل المتابعة؛ ويمكنك بدلًا من ذلك حذف حسابك.</p>
"""

PRIVACY_ZH_HANS = """
<p>Masthead 是一个新闻网站，您无需账号即可阅读所有报道。本政策说明我们为开设账号的读者
保存哪些信息、为什么保存、保存多久，以及您可以采取哪些措施。</p>
<h2>我们保存的信息</h2>
<ul>
<li>您的电子邮件地址，用于让您登录，并就您的账号与您联系。</li>
<li>您的昵称，以及您在个人资料中选择的头像、语言和时区。</li>
<li>您最近 90 天的登录记录（时间、IP 地址和浏览器），以便您和我们发现并非您本人的
登录。</li>
<li>您发表的评论。</li>
<li>您接受本政策及使用条款各个版本的时间。</li>
</ul>
<h2>我们不做的事</h2>
<p>我们不会出售或分享您的数据。本站不加载任何广告或跟踪脚本。本站仅有的 Cookie
只用于保持您的登录状态，以及保护您提交的表单。</p>
<h2>保存期限</h2>
<p>直至您删除账号。账号删除后会立即关闭，30 天内仍可恢复；此后，其个人数据将被永久删除。
如果该账号曾被封禁，我们只保留其电子邮件地址经过加密处理的指纹，使其无法再次注册。</p>
<h2>您的权利</h2>
<p>您可以在账号中将全部个人数据下载为一个存档，更正个人资料，以及删除账号。如有其他
事宜，请按下方地址与我们联系。</p>
"""

TERMS_ZH_HANS = """
<p>本条款适用于所有在 Masthead 开设账号的用户。</p>
<h2>您的账号</h2>
<p>每人限开一个账号。请勿将密码告诉他人；如果有他人使用过您的账号，请告知我们。
您的昵称不得冒充他人。</p>
<h2>评论</h2>
<p>请就报道本身展开讨论，对事不对人。不得发布辱骂、威胁、仇恨言论、垃圾信息或他人的
私人信息。评论须经审核：违反这些规则的评论可能被隐藏，屡次违规的账号可能被暂停使用或
封禁。您可以对处理决定提出申诉。</p>
<h2>您发表的内容</h2>
<p>您保留对自己评论的权利，并允许 Masthead 在评论发布期间将其展示在本站。您可以随时
删除自己的评论。</p>
<h2>条款变更</h2>
<p>当本条款或隐私政策发生重大变更时，我们会请您先阅读并接受新版本，然后再继续使用；
您也可以选择删除账号。</p>
"""

DOCUMENTS: dict[str, dict[LegalDocumentKind, LegalText]] = {
    "en": {
        LegalDocumentKind.PRIVACY: LegalText("Privacy policy", PRIVACY_EN),
        LegalDocumentKind.TERMS: LegalText("Terms of use", TERMS_EN),
    },
    "fr": {
        LegalDocumentKind.PRIVACY: LegalText("Politique de confidentialité", PRIVACY_FR),
        LegalDocumentKind.TERMS: LegalText("Conditions d'utilisation", TERMS_FR),
    },
    "es": {
        LegalDocumentKind.PRIVACY: LegalText("Política de privacidad", PRIVACY_ES),
        LegalDocumentKind.TERMS: LegalText("Condiciones de uso", TERMS_ES),
    },
    "ru": {
        LegalDocumentKind.PRIVACY: LegalText("Политика конфиденциальности", PRIVACY_RU),
        LegalDocumentKind.TERMS: LegalText("Условия использования", TERMS_RU),
    },
    "de": {
        LegalDocumentKind.PRIVACY: LegalText("Datenschutzerklärung", PRIVACY_DE),
        LegalDocumentKind.TERMS: LegalText("Nutzungsbedingungen", TERMS_DE),
    },
    "pt": {
        LegalDocumentKind.PRIVACY: LegalText("Política de privacidade", PRIVACY_PT),
        LegalDocumentKind.TERMS: LegalText("Termos de utilização", TERMS_PT),
    },
    "ar": {
        LegalDocumentKind.PRIVACY: LegalText("سياسة الخصوصية", PRIVACY_AR),
        LegalDocumentKind.TERMS: LegalText("شروط الاستخدام", TERMS_AR),
    },
    "zh-hans": {
        LegalDocumentKind.PRIVACY: LegalText("隐私政策", PRIVACY_ZH_HANS),
        LegalDocumentKind.TERMS: LegalText("使用条款", TERMS_ZH_HANS),
    },
}
