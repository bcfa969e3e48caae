<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom feed of this site as a page when a browser opens it: what a feed is, how to
     follow it, and its entries. Feed readers ignore it. Text is copied with value-of, so it stays
     text (never markup), as the feed's own escaping intends. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/atom:feed">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/></title>
        <link rel="stylesheet" href="/static/css/site.css"/>
      </head>
      <body>
        <header class="site-header">
          <div class="wrap site-header-inner">
            <a class="brand" href="/">Diplomatic statements</a>
          </div>
        </header>
        <main id="main" class="wrap">
          <p class="kicker">Feed</p>
          <h1><xsl:value-of select="atom:title"/></h1>
          <p class="lede"><xsl:value-of select="atom:subtitle"/></p>
          <section class="cite" aria-labelledby="about-feed">
            <h2 id="about-feed">What is this page?</h2>
            <p>This is a feed: a list of the newest statements that a feed reader checks for you.
              To follow it, copy the address of this page from your browser's address bar and add
              it in your feed reader.</p>
            <p>
              <a href="{atom:link[@rel='related']/@href}">Follow by email instead, or read more about feeds</a>
              <xsl:text> · </xsl:text>
              <a href="{atom:link[@rel='alternate']/@href}">The same statements on the site</a>
            </p>
          </section>
          <h2>Latest statements</h2>
          <xsl:choose>
            <xsl:when test="atom:entry">
              <ol class="plain-list feed-entries">
                <xsl:for-each select="atom:entry">
                  <li class="statement">
                    <h3 class="attribution"><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
                    <p class="paraphrase"><xsl:value-of select="atom:summary"/></p>
                  </li>
                </xsl:for-each>
              </ol>
            </xsl:when>
            <xsl:otherwise><p>No statements yet.</p></xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
