/**
 * Traditional → simplified folding for the commonest characters that differ (604 pairs, written by hand from
 * everyday usage and the vocabulary of transport regulations), so that a form letter posted in traditional
 * characters clusters with its simplified original. It is not a converter: no phrase-level rules, and only
 * the clustering key is folded, never the text people see. A full table (OpenCC) would need a new package.
 */
const TRADITIONAL = [
  '並亂亞來係個們側傘備傳傷價億儘償優兒內兩冊凍別則劃劇劑動務勝勞勢勵匯區協卻參員問',
  '啞啟單嗎嚴國圍園圖團執堅報場塊塗墊壓壞壯壽夥奪奮婦孫學實寧審寫寬寵寶將專對導屆層',
  '屬島峽嶺帥師帳帶幣幫幹幾庫廁廂廟廠廢廣廳後徑從復徵愛態慣憑應懲懷戀戰戲戶拋挾捨掃',
  '掛採揀揚換損搖搶撥擁擇擊擋擔據擠擴擺擾攔攜攝數斷於時晝暫曆曉書會東條棄楊業極構槍',
  '樁樂樓標樣橋機橫檔檢檯檻櫃權歐歡歲歷歸殘殺毀毆氣決沒況淚淨淺減渦測湯準溝溫滅滬滯',
  '滲滾滿漁漢漲漸潔潛潤澆濕濟濾瀏灑灣災為烏無煉煙熱燈燒營爐爭爲牆狀猶獎獨獲現環產畝',
  '畢畫異當療發盜盞盡監盤眾確碼礙礦禍禮秈稅種稱積穩窮竄竅竊筆節範築簡簽籃籠紀約紅納',
  '純紙級紛細終組結絕絡給統絲經綠維綱網緊線緣編緩練縣縮總績織繩繫續罰罵義習聖聞聯聲',
  '職聽聾脅脫腦腳膽臉臺與興舉舊艙艦莊華萬葉著蓋藝藥蘇蘭處號蟲衆術衛裏補裝裡製複覆見',
  '規視親覺覽觀觸訂計訊討訓記訪設許訴註詐評詞詢試詩話該詳誌認誕語誤說誰課調談請論諮',
  '諾謀講謝證識譯議護讀變讓讚豐貓貝負財貢貧貨販貫責貴買貸費貼資賓賠賣賤質賬賴購賽贈',
  '贊趕趨跡躍車軌軍軟軸較載輔輕輛輝輩輪輯輸轉辦辯農這連週進遊運過達違遞遠適遲選遺還',
  '邊郵鄉鄰醜醫釋針鈕鈴銀銷鋪鋼錄錘錢錯錶鍛鍵鍾鎖鎮鏡鐘鐵長門閃閉開間閘閣閱闆闊關陣',
  '陰陳陸陽隊際隨險隱隻雖雙雜雞離難雲電靈靜韋韓響頁頂項順須預頓領頭頻顆題額顏願類顧',
  '顯風颱飄飛飯飲養餓餘館饋駐駕駛騎騙騷驅驗驚髒體髮鬆鬥鬧魚鮮鳥鳴鹽麗麥麵麼黃點黨齊',
  '齒齡龍龜',
].join('');
const SIMPLIFIED = [
  '并乱亚来系个们侧伞备传伤价亿尽偿优儿内两册冻别则划剧剂动务胜劳势励汇区协却参员问',
  '哑启单吗严国围园图团执坚报场块涂垫压坏壮寿伙夺奋妇孙学实宁审写宽宠宝将专对导届层',
  '属岛峡岭帅师账带币帮干几库厕厢庙厂废广厅后径从复征爱态惯凭应惩怀恋战戏户抛挟舍扫',
  '挂采拣扬换损摇抢拨拥择击挡担据挤扩摆扰拦携摄数断于时昼暂历晓书会东条弃杨业极构枪',
  '桩乐楼标样桥机横档检台槛柜权欧欢岁历归残杀毁殴气决没况泪净浅减涡测汤准沟温灭沪滞',
  '渗滚满渔汉涨渐洁潜润浇湿济滤浏洒湾灾为乌无炼烟热灯烧营炉争为墙状犹奖独获现环产亩',
  '毕画异当疗发盗盏尽监盘众确码碍矿祸礼籼税种称积稳穷窜窍窃笔节范筑简签篮笼纪约红纳',
  '纯纸级纷细终组结绝络给统丝经绿维纲网紧线缘编缓练县缩总绩织绳系续罚骂义习圣闻联声',
  '职听聋胁脱脑脚胆脸台与兴举旧舱舰庄华万叶着盖艺药苏兰处号虫众术卫里补装里制复复见',
  '规视亲觉览观触订计讯讨训记访设许诉注诈评词询试诗话该详志认诞语误说谁课调谈请论咨',
  '诺谋讲谢证识译议护读变让赞丰猫贝负财贡贫货贩贯责贵买贷费贴资宾赔卖贱质账赖购赛赠',
  '赞赶趋迹跃车轨军软轴较载辅轻辆辉辈轮辑输转办辩农这连周进游运过达违递远适迟选遗还',
  '边邮乡邻丑医释针钮铃银销铺钢录锤钱错表锻键钟锁镇镜钟铁长门闪闭开间闸阁阅板阔关阵',
  '阴陈陆阳队际随险隐只虽双杂鸡离难云电灵静韦韩响页顶项顺须预顿领头频颗题额颜愿类顾',
  '显风台飘飞饭饮养饿余馆馈驻驾驶骑骗骚驱验惊脏体发松斗闹鱼鲜鸟鸣盐丽麦面么黄点党齐',
  '齿龄龙龟',
].join('');

/** Code point → simplified code point; all entries are in the BMP, so a flat table is the fastest lookup. */
export const HAN_FOLD: Uint16Array = buildTable();

/** The pairs, for tests. */
export const HAN_FOLD_PAIRS: readonly (readonly [string, string])[] = Array.from(
  TRADITIONAL,
  (t, i) => [t, SIMPLIFIED.charAt(i)] as const,
);

function buildTable(): Uint16Array {
  if (TRADITIONAL.length !== SIMPLIFIED.length) throw new Error('han fold table is misaligned');
  const table = new Uint16Array(0x10000);
  for (let i = 0; i < TRADITIONAL.length; i++) table[TRADITIONAL.charCodeAt(i)] = SIMPLIFIED.charCodeAt(i);
  return table;
}
