var he,y,Ye,x,Ae,Ze,Qe,be,re,G,Xe,Se,Ie,$e,ce={},ue=[],fn=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,_e=Array.isArray;function A(e,n){for(var r in n)e[r]=n[r];return e}function Oe(e){e&&e.parentNode&&e.parentNode.removeChild(e)}function vn(e,n,r){var o,a,i,u={};for(i in n)i=="key"?o=n[i]:i=="ref"?a=n[i]:u[i]=n[i];if(arguments.length>2&&(u.children=arguments.length>3?he.call(arguments,2):r),typeof e=="function"&&e.defaultProps!=null)for(i in e.defaultProps)u[i]===void 0&&(u[i]=e.defaultProps[i]);return ie(e,u,o,a,null)}function ie(e,n,r,o,a){var i={type:e,props:n,key:r,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:a??++Ye,__i:-1,__u:0};return a==null&&y.vnode!=null&&y.vnode(i),i}function W(e){return e.children}function oe(e,n){this.props=e,this.context=n}function B(e,n){if(n==null)return e.__?B(e.__,e.__i+1):null;for(var r;n<e.__k.length;n++)if((r=e.__k[n])!=null&&r.__e!=null)return r.__e;return typeof e.type=="function"?B(e):null}function bn(e){if(e.__P&&e.__d){var n=e.__v,r=n.__e,o=[],a=[],i=A({},n);i.__v=n.__v+1,y.vnode&&y.vnode(i),ze(e.__P,i,n,e.__n,e.__P.namespaceURI,32&n.__u?[r]:null,o,r??B(n),!!(32&n.__u),a),i.__v=n.__v,i.__.__k[i.__i]=i,on(o,i,a),n.__e=n.__=null,i.__e!=r&&en(i)}}function en(e){if((e=e.__)!=null&&e.__c!=null)return e.__e=e.__c.base=null,e.__k.some(function(n){if(n!=null&&n.__e!=null)return e.__e=e.__c.base=n.__e}),en(e)}function Pe(e){(!e.__d&&(e.__d=!0)&&x.push(e)&&!de.__r++||Ae!=y.debounceRendering)&&((Ae=y.debounceRendering)||Ze)(de)}function de(){try{for(var e,n=1;x.length;)x.length>n&&x.sort(Qe),e=x.shift(),n=x.length,bn(e)}finally{x.length=de.__r=0}}function nn(e,n,r,o,a,i,u,l,d,c,m){var h,s,g,v,b,w,_=o&&o.__k||ue,f=n.length;for(d=yn(r,n,_,d,f),h=0;h<f;h++)(g=r.__k[h])!=null&&(s=g.__i!=-1&&_[g.__i]||ce,g.__i=h,w=ze(e,g,s,a,i,u,l,d,c,m),v=g.__e,g.ref&&s.ref!=g.ref&&(s.ref&&Re(s.ref,null,g),m.push(g.ref,g.__c||v,g)),b==null&&v!=null&&(b=v),4&g.__u?(d=tn(g,d,e),s.__e&&(s.__e=null)):typeof g.type=="function"&&w!==void 0?d=w:v&&(d=v.nextSibling),g.__u&=-7);return r.__e=b,d}function yn(e,n,r,o,a){var i,u,l,d,c,m=r.length,h=m,s=0;for(e.__k=new Array(a),i=0;i<a;i++)(u=n[i])!=null&&typeof u!="boolean"&&typeof u!="function"?(typeof u=="string"||typeof u=="number"||typeof u=="bigint"||u.constructor==String?u=e.__k[i]=ie(null,u,null,null,null):_e(u)?u=e.__k[i]=ie(W,{children:u},null,null,null):u.constructor===void 0&&u.__b>0?u=e.__k[i]=ie(u.type,u.props,u.key,u.ref?u.ref:null,u.__v):e.__k[i]=u,d=i+s,u.__=e,u.__b=e.__b+1,l=null,(c=u.__i=wn(u,r,d,h))!=-1&&(h--,(l=r[c])&&(l.__u|=2)),l==null||l.__v==null?(c==-1&&(a>m?s--:a<m&&s++),typeof u.type!="function"&&(u.__u|=4)):c!=d&&(c==d-1?s--:c==d+1?s++:(c>d?s--:s++,u.__u|=4))):e.__k[i]=null;if(h)for(i=0;i<m;i++)(l=r[i])!=null&&(2&l.__u)==0&&(l.__e==o&&(o=B(l)),sn(l,l));return o}function tn(e,n,r){var o,a;if(typeof e.type=="function"){for(o=e.__k,a=0;o&&a<o.length;a++)o[a]&&(o[a].__=e,n=tn(o[a],n,r));return n}e.__e!=n&&(n&&e.type&&!n.parentNode&&(n=B(e)),n=r.insertBefore(e.__e,n||null));do n=n&&n.nextSibling;while(n!=null&&n.nodeType==8);return n}function wn(e,n,r,o){var a,i,u,l=e.key,d=e.type,c=n[r],m=c!=null&&(2&c.__u)==0;if(c===null&&l==null||m&&l==c.key&&d==c.type)return r;if(o>(m?1:0)){for(a=r-1,i=r+1;a>=0||i<n.length;)if((c=n[u=a>=0?a--:i++])!=null&&(2&c.__u)==0&&l==c.key&&d==c.type)return u}return-1}function je(e,n,r){n[0]=="-"?e.setProperty(n,r??""):e[n]=r==null?"":typeof r!="number"||fn.test(n)?r:r+"px"}function ne(e,n,r,o,a){var i,u;e:if(n=="style")if(typeof r=="string")e.style.cssText=r;else{if(typeof o=="string"&&(e.style.cssText=o=""),o)for(n in o)r&&n in r||je(e.style,n,"");if(r)for(n in r)o&&r[n]==o[n]||je(e.style,n,r[n])}else if(n[0]=="o"&&n[1]=="n")i=n!=(n=n.replace(Xe,"$1")),u=n.toLowerCase(),n=u in e||n=="onFocusOut"||n=="onFocusIn"?u.slice(2):n.slice(2),e.l||(e.l={}),e.l[n+i]=r,r?o?r[G]=o[G]:(r[G]=Se,e.addEventListener(n,i?$e:Ie,i)):e.removeEventListener(n,i?$e:Ie,i);else{if(a=="http://www.w3.org/2000/svg")n=n.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(n!="width"&&n!="height"&&n!="href"&&n!="list"&&n!="form"&&n!="tabIndex"&&n!="download"&&n!="rowSpan"&&n!="colSpan"&&n!="role"&&n!="popover"&&n in e)try{e[n]=r??"";break e}catch{}typeof r=="function"||(r==null||r===!1&&n[4]!="-"?e.removeAttribute(n):e.setAttribute(n,n=="popover"&&r==1?"":r))}}function Me(e){return function(n){if(this.l){var r=this.l[n.type+e];if(n[re]==null)n[re]=Se++;else if(n[re]<r[G])return;return r(y.event?y.event(n):n)}}}function ze(e,n,r,o,a,i,u,l,d,c){var m,h,s,g,v,b,w,_,f,T,L,q,V,Ee,ee,ve,E=n.type;if(n.constructor!==void 0)return null;128&r.__u&&(d=!!(32&r.__u),i=[l=n.__e=r.__e]),(m=y.__b)&&m(n);e:if(typeof E=="function"){h=u.length;try{if(f=n.props,T=E.prototype&&E.prototype.render,L=(m=E.contextType)&&o[m.__c],q=m?L?L.props.value:m.__:o,r.__c?_=(s=n.__c=r.__c).__=s.__E:(T?n.__c=s=new E(f,q):(n.__c=s=new oe(f,q),s.constructor=E,s.render=$n),L&&L.sub(s),s.state||(s.state={}),s.__n=o,g=s.__d=!0,s.__h=[],s._sb=[]),T&&s.__s==null&&(s.__s=s.state),T&&E.getDerivedStateFromProps!=null&&(s.__s==s.state&&(s.__s=A({},s.__s)),A(s.__s,E.getDerivedStateFromProps(f,s.__s))),v=s.props,b=s.state,s.__v=n,g)T&&E.getDerivedStateFromProps==null&&s.componentWillMount!=null&&s.componentWillMount(),T&&s.componentDidMount!=null&&s.__h.push(s.componentDidMount);else{if(T&&E.getDerivedStateFromProps==null&&f!==v&&s.componentWillReceiveProps!=null&&s.componentWillReceiveProps(f,q),n.__v==r.__v||!s.__e&&s.shouldComponentUpdate!=null&&s.shouldComponentUpdate(f,s.__s,q)===!1){n.__v!=r.__v&&(s.props=f,s.state=s.__s,s.__d=!1),n.__e=r.__e,n.__k=r.__k,n.__k.some(function(J){J&&(J.__=n)}),ue.push.apply(s.__h,s._sb),s._sb=[],s.__h.length&&u.push(s),l=B(r);break e}s.componentWillUpdate!=null&&s.componentWillUpdate(f,s.__s,q),T&&s.componentDidUpdate!=null&&s.__h.push(function(){s.componentDidUpdate(v,b,w)})}if(s.context=q,s.props=f,s.__P=e,s.__e=!1,V=y.__r,Ee=0,T)s.state=s.__s,s.__d=!1,V&&V(n),m=s.render(s.props,s.state,s.context),ue.push.apply(s.__h,s._sb),s._sb=[];else do s.__d=!1,V&&V(n),m=s.render(s.props,s.state,s.context),s.state=s.__s;while(s.__d&&++Ee<25);s.state=s.__s,s.getChildContext!=null&&(o=A(A({},o),s.getChildContext())),T&&!g&&s.getSnapshotBeforeUpdate!=null&&(w=s.getSnapshotBeforeUpdate(v,b)),ee=m!=null&&m.type===W&&m.key==null?an(m.props.children):m,l=nn(e,_e(ee)?ee:[ee],n,r,o,a,i,u,l,d,c),s.base=n.__e,n.__u&=-161,s.__h.length&&u.push(s),_&&(s.__E=s.__=null)}catch(J){if(u.length=h,n.__v=null,d||i!=null){if(J.then){for(n.__u|=d?160:128;l&&l.nodeType==8&&l.nextSibling;)l=l.nextSibling;i!=null&&(i[i.indexOf(l)]=null),n.__e=l}else if(i!=null)for(ve=i.length;ve--;)Oe(i[ve])}else n.__e=r.__e;n.__k==null&&(n.__k=r.__k||[]),J.then||rn(n),y.__e(J,n,r)}}else i==null&&n.__v==r.__v?(n.__k=r.__k,n.__e=r.__e):l=n.__e=In(r.__e,n,r,o,a,i,u,d,c);return(m=y.diffed)&&m(n),128&n.__u?void 0:l}function rn(e){e&&(e.__c&&(e.__c.__e=!0),e.__k&&e.__k.some(rn))}function on(e,n,r){for(var o=0;o<r.length;o++)Re(r[o],r[++o],r[++o]);y.__c&&y.__c(n,e),e.some(function(a){try{e=a.__h,a.__h=[],e.some(function(i){i.call(a)})}catch(i){y.__e(i,a.__v)}})}function an(e){return typeof e!="object"||e==null||e.__b>0?e:_e(e)?e.map(an):e.constructor!==void 0?null:A({},e)}function In(e,n,r,o,a,i,u,l,d){var c,m,h,s,g,v,b,w=r.props||ce,_=n.props,f=n.type;if(f=="svg"?a="http://www.w3.org/2000/svg":f=="math"?a="http://www.w3.org/1998/Math/MathML":a||(a="http://www.w3.org/1999/xhtml"),i!=null){for(c=0;c<i.length;c++)if((g=i[c])&&"setAttribute"in g==!!f&&(f?g.localName==f:g.nodeType==3)){e=g,i[c]=null;break}}if(e==null){if(f==null)return document.createTextNode(_);e=document.createElementNS(a,f,_.is&&_),l&&(y.__m&&y.__m(n,i),l=!1),i=null}if(f==null)w===_||l&&e.data==_||(e.data=_);else{if(i=f=="textarea"&&_.defaultValue!=null?null:i&&he.call(e.childNodes),!l&&i!=null)for(w={},c=0;c<e.attributes.length;c++)w[(g=e.attributes[c]).name]=g.value;for(c in w)g=w[c],c=="dangerouslySetInnerHTML"?h=g:c=="children"||c in _||c=="value"&&"defaultValue"in _||c=="checked"&&"defaultChecked"in _||ne(e,c,null,g,a);for(c in _)g=_[c],c=="children"?s=g:c=="dangerouslySetInnerHTML"?m=g:c=="value"?v=g:c=="checked"?b=g:l&&typeof g!="function"||w[c]===g||ne(e,c,g,w[c],a);if(m)l||h&&(m.__html==h.__html||m.__html==e.innerHTML)||(e.innerHTML=m.__html),n.__k=[];else if(h&&(e.innerHTML=""),nn(n.type=="template"?e.content:e,_e(s)?s:[s],n,r,o,f=="foreignObject"?"http://www.w3.org/1999/xhtml":a,i,u,i?i[0]:r.__k&&B(r,0),l,d),i!=null)for(c=i.length;c--;)Oe(i[c]);l&&f!="textarea"||(c="value",f=="progress"&&v==null?e.removeAttribute("value"):v!=null&&(v!==e[c]||f=="progress"&&!v||f=="option"&&v!=w[c])&&ne(e,c,v,w[c],a),c="checked",b!=null&&b!=e[c]&&ne(e,c,b,w[c],a))}return e}function Re(e,n,r){try{if(typeof e=="function"){var o=typeof e.__u=="function";o&&e.__u(),o&&n==null||(e.__u=e(n))}else e.current=n}catch(a){y.__e(a,r)}}function sn(e,n,r){var o,a;if(y.unmount&&y.unmount(e),(o=e.ref)&&(o.current&&o.current!=e.__e||Re(o,null,n)),(o=e.__c)!=null){if(o.componentWillUnmount)try{o.componentWillUnmount()}catch(i){y.__e(i,n)}o.base=o.__P=o.__n=null}if(o=e.__k)for(a=0;a<o.length;a++)o[a]&&sn(o[a],n,r||typeof e.type!="function");r||Oe(e.__e),e.__c=e.__=e.__e=void 0}function $n(e,n,r){return this.constructor(e,r)}function kn(e,n,r){var o,a,i,u;n==document&&(n=document.documentElement),y.__&&y.__(e,n),a=(o=!1)?null:n.__k,i=[],u=[],ze(n,e=n.__k=vn(W,null,[e]),a||ce,ce,n.namespaceURI,a?null:n.firstChild?he.call(n.childNodes):null,i,a?a.__e:n.firstChild,o,u),on(i,e,u),e.props.children=null}he=ue.slice,y={__e:function(e,n,r,o){for(var a,i,u;n=n.__;)if((a=n.__c)&&!a.__)try{if((i=a.constructor)&&i.getDerivedStateFromError!=null&&(a.setState(i.getDerivedStateFromError(e)),u=a.__d),a.componentDidCatch!=null&&(a.componentDidCatch(e,o||{}),u=a.__d),u)return a.__E=a}catch(l){e=l}throw e}},Ye=0,oe.prototype.setState=function(e,n){var r;r=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=A({},this.state),typeof e=="function"&&(e=e(A({},r),this.props)),e&&A(r,e),e!=null&&this.__v&&(n&&this._sb.push(n),Pe(this))},oe.prototype.forceUpdate=function(e){this.__v&&(this.__e=!0,e&&this.__h.push(e),Pe(this))},oe.prototype.render=W,x=[],Ze=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,Qe=function(e,n){return e.__v.__b-n.__v.__b},de.__r=0,be=Math.random().toString(8),re="__d"+be,G="__a"+be,Xe=/(PointerCapture)$|Capture$/i,Se=0,Ie=Me(!1),$e=Me(!0);var Cn=0;function t(e,n,r,o,a,i){n||(n={});var u,l,d=n;if("ref"in d)for(l in d={},n)l=="ref"?u=n[l]:d[l]=n[l];var c={type:e,props:d,key:r,ref:u,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--Cn,__i:-1,__u:0,__source:a,__self:i};if(typeof e=="function"&&(u=e.defaultProps))for(l in u)d[l]===void 0&&(d[l]=u[l]);return y.vnode&&y.vnode(c),c}var Z,C,ye,xe,Q=0,ln=[],D=y,Ue=D.__b,Le=D.__r,qe=D.diffed,We=D.__c,Be=D.unmount,Je=D.__;function Te(e,n){D.__h&&D.__h(C,e,Q||n),Q=0;var r=C.__H||(C.__H={__:[],__h:[]});return e>=r.__.length&&r.__.push({}),r.__[e]}function p(e){return Q=1,Dn(dn,e)}function Dn(e,n,r){var o=Te(Z++,2);if(o.t=e,!o.__c&&(o.__=[dn(void 0,n),function(l){var d=o.__N?o.__N[0]:o.__[0],c=o.t(d,l);d!==c&&(o.__N=[c,o.__[1]],o.__c.setState({}))}],o.__c=C,!C.__f)){var a=function(l,d,c){if(!o.__c.__H)return!0;var m=!1,h=o.__c.props!==l;if(o.__c.__H.__.some(function(g){if(g.__N){m=!0;var v=g.__[0];g.__=g.__N,g.__N=void 0,v!==g.__[0]&&(h=!0)}}),i){var s=i.call(this,l,d,c);return m?s||h:s}return!m||h};C.__f=!0;var i=C.shouldComponentUpdate,u=C.componentWillUpdate;C.componentWillUpdate=function(l,d,c){if(this.__e){var m=i;i=void 0,a(l,d,c),i=m}u&&u.call(this,l,d,c)},C.shouldComponentUpdate=a}return o.__N||o.__}function N(e,n){var r=Te(Z++,3);!D.__s&&un(r.__H,n)&&(r.__=e,r.u=n,C.__H.__h.push(r))}function me(e){return Q=5,cn(function(){return{current:e}},[])}function cn(e,n){var r=Te(Z++,7);return un(r.__H,n)&&(r.__=e(),r.__H=n,r.__h=e),r.__}function Sn(e,n){return Q=8,cn(function(){return e},n)}function On(){for(var e;e=ln.shift();){var n=e.__H;if(e.__P&&n)try{n.__h.some(ae),n.__h.some(ke),n.__h=[]}catch(r){n.__h=[],D.__e(r,e.__v)}}}D.__b=function(e){C=null,Ue&&Ue(e)},D.__=function(e,n){e&&n.__k&&n.__k.__m&&(e.__m=n.__k.__m),Je&&Je(e,n)},D.__r=function(e){Le&&Le(e),Z=0;var n=(C=e.__c).__H;n&&(ye===C?(n.__h=[],C.__h=[],n.__.some(function(r){r.__N&&(r.__=r.__N),r.u=r.__N=void 0})):(n.__h.some(ae),n.__h.some(ke),n.__h=[],Z=0)),ye=C},D.diffed=function(e){qe&&qe(e);var n=e.__c;n&&n.__H&&(n.__H.__h.length&&(ln.push(n)!==1&&xe===D.requestAnimationFrame||((xe=D.requestAnimationFrame)||zn)(On)),n.__H.__.some(function(r){r.u&&(r.__H=r.u,r.u=void 0)})),ye=C=null},D.__c=function(e,n){n.some(function(r){try{r.__h.some(ae),r.__h=r.__h.filter(function(o){return!o.__||ke(o)})}catch(o){n.some(function(a){a.__h&&(a.__h=[])}),n=[],D.__e(o,r.__v)}}),We&&We(e,n)},D.unmount=function(e){Be&&Be(e);var n,r=e.__c;r&&r.__H&&(r.__H.__.some(function(o){try{ae(o)}catch(a){n=a}}),r.__H=void 0,n&&D.__e(n,r.__v))};var He=typeof requestAnimationFrame=="function";function zn(e){var n,r=function(){clearTimeout(o),He&&cancelAnimationFrame(n),setTimeout(e)},o=setTimeout(r,35);He&&(n=requestAnimationFrame(r))}function ae(e){var n=C,r=e.__c;typeof r=="function"&&(e.__c=void 0,r()),C=n}function ke(e){var n=C;e.__c=e.__(),C=n}function un(e,n){return!e||e.length!==n.length||n.some(function(r,o){return r!==e[o]})}function dn(e,n){return typeof n=="function"?n(e):n}const Ce="orgraph.token";let K=sessionStorage.getItem(Ce);function De(){return K}function pe(e){K=e,e?sessionStorage.setItem(Ce,e):sessionStorage.removeItem(Ce)}class se extends Error{constructor(n){super(n.map(r=>r.message).join("; ")),this.errors=n}errors;get code(){return this.errors[0]?.code??""}fieldErrors(){const n={};for(const r of this.errors)n[r.field??""]=r.message;return n}}let mn=()=>{};function Rn(e){mn=e}async function I(e,n){const r={"Content-Type":"application/json"};K&&(r.Authorization=`Bearer ${K}`);let o;try{o=await fetch("/query",{method:"POST",headers:r,body:JSON.stringify({query:e.toString(),variables:n})})}catch{throw new se([{message:"The server cannot be reached. Check your connection and try again.",code:"NETWORK"}])}let a;try{a=await o.json()}catch{throw new se([{message:`The server answered ${o.status} without a readable body.`,code:"INTERNAL_SERVER_ERROR"}])}if(a.errors?.length){const i=a.errors.map(u=>({message:u.message,code:u.extensions?.code??"",field:u.extensions?.field}));throw K&&i.some(u=>u.code==="UNAUTHENTICATED")&&(pe(null),mn()),new se(i)}return a.data}class $ extends String{__apiType;value;__meta__;constructor(n,r){super(n),this.value=n,this.__meta__=r}toString(){return this.value}}const Tn=new $(`
    query AuditLog($slug: String!, $after: Cursor) {
  organization(slug: $slug) {
    auditLog(first: 20, after: $after) {
      edges {
        node {
          id
          action
          actorName
          targetType
          targetID
          before
          after
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `),Nn=new $(`
    mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    token
  }
}
    `),En=new $(`
    mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    token
  }
}
    `),An=new $(`
    query MyInvitations {
  myInvitations(status: PENDING, first: 50) {
    edges {
      node {
        id
        email
        role
        sentAt
        expiresAt
        organization {
          slug
          name
        }
        invitedBy {
          username
        }
      }
    }
  }
}
    `),Pn=new $(`
    mutation AcceptInvitation($key: String!) {
  acceptInvitation(key: $key) {
    id
    role
    organization {
      slug
    }
  }
}
    `),jn=new $(`
    mutation DeclineInvitation($key: String!) {
  declineInvitation(key: $key) {
    id
  }
}
    `),Mn=new $(`
    mutation SignOut {
  signOut
}
    `),xn=new $(`
    mutation ChangeMemberRole($m: ID!, $role: Role!) {
  changeMemberRole(membershipID: $m, role: $role) {
    id
    role
  }
}
    `),Un=new $(`
    mutation RemoveMember($m: ID!, $to: ID) {
  removeMember(membershipID: $m, reassignTo: $to) {
    membershipID
    reassignedTo
    projects
    tasks
    jobs
  }
}
    `),Ln=new $(`
    mutation InviteMember($input: InviteMemberInput!) {
  inviteMember(input: $input) {
    id
  }
}
    `),qn=new $(`
    mutation ResendInvitation($id: ID!) {
  resendInvitation(id: $id) {
    id
  }
}
    `),Wn=new $(`
    mutation RevokeInvitation($id: ID!) {
  revokeInvitation(id: $id) {
    id
  }
}
    `),Bn=new $(`
    mutation CreateOrganization($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    id
    slug
  }
}
    `),Jn=new $(`
    query OrganizationSettings($slug: String!) {
  organization(slug: $slug) {
    id
    slug
    name
    description
    viewerRole
    contact {
      email
      phone
      location
    }
    owner {
      username
    }
    viewerCan {
      edit {
        allowed
        reason
      }
      remove {
        allowed
        reason
      }
      seeInvitations {
        allowed
        reason
      }
      invite {
        allowed
        reason
      }
      inviteRoles
      leave {
        allowed
        reason
      }
      transferOwnership {
        allowed
        reason
      }
      seeAuditLog {
        allowed
        reason
      }
    }
    members(first: 50) {
      totalCount
      edges {
        node {
          id
          role
          joinedAt
          user {
            id
            username
            email
          }
          invitedBy {
            username
          }
          invitation {
            sentAt
          }
          viewerCan {
            changeRole {
              allowed
              reason
            }
            roles
            remove {
              allowed
              reason
            }
          }
        }
      }
    }
    invitations(status: PENDING, first: 50) {
      totalCount
      edges {
        node {
          id
          email
          role
          sentAt
          expiresAt
          invitedBy {
            username
          }
          viewerCan {
            manage {
              allowed
              reason
            }
          }
        }
      }
    }
  }
}
    `),Hn=new $(`
    mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {
  updateOrganization(id: $id, input: $input) {
    id
  }
}
    `),Fn=new $(`
    mutation LeaveOrganization($id: ID!, $to: ID) {
  leaveOrganization(organizationID: $id, reassignTo: $to) {
    membershipID
  }
}
    `),Vn=new $(`
    subscription OrganizationEvents($id: ID!) {
  organizationEvents(organizationID: $id) {
    type
    targetID
  }
}
    `),Gn=new $(`
    mutation TransferOwnership($org: ID!, $m: ID!) {
  transferOwnership(organizationID: $org, membershipID: $m) {
    id
  }
}
    `),Kn=new $(`
    query DeletionPreview($slug: String!) {
  organization(slug: $slug) {
    deletionPreview {
      members
      invitations
      projects
      tasks
      jobs
      annotations
      cloudStorages
    }
  }
}
    `),Yn=new $(`
    mutation DeleteOrganization($id: ID!, $slug: String!) {
  deleteOrganization(id: $id, confirmSlug: $slug)
}
    `),Zn=new $(`
    query Session {
  me {
    id
    username
    email
  }
  organizations(first: 100) {
    edges {
      node {
        id
        slug
        name
        viewerRole
      }
    }
  }
}
    `),Qn=new $(`
    query Workspace($org: String, $slug: String!, $inOrg: Boolean!) {
  organization(slug: $slug) @include(if: $inOrg) {
    id
    slug
    name
    viewerRole
    viewerCan {
      createProject {
        allowed
        reason
      }
      createTask {
        allowed
        reason
      }
      createJob {
        allowed
        reason
      }
    }
    members(first: 50) {
      edges {
        node {
          user {
            id
            username
          }
        }
      }
    }
  }
  projects(organization: $org, first: 50) {
    totalCount
    edges {
      node {
        id
        name
        owner {
          username
        }
        assignee {
          username
        }
      }
    }
  }
  tasks(organization: $org, first: 50) {
    totalCount
    edges {
      node {
        id
        name
        project {
          name
        }
        owner {
          username
        }
        assignee {
          username
        }
      }
    }
  }
  jobs(organization: $org, first: 50) {
    totalCount
    edges {
      node {
        id
        stage
        state
        task {
          name
        }
        assignee {
          username
        }
      }
    }
  }
}
    `),Xn=new $(`
    mutation CreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    id
  }
}
    `),et=new $(`
    mutation CreateTask($input: CreateTaskInput!) {
  createTask(input: $input) {
    id
  }
}
    `),nt=new $(`
    mutation CreateJob($input: CreateJobInput!) {
  createJob(input: $input) {
    id
  }
}
    `),tt={"\n  query AuditLog($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      auditLog(first: 20, after: $after) {\n        edges { node { id action actorName targetType targetID before after createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n":Tn,"\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) { token }\n  }\n":Nn,"\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) { token }\n  }\n":En,"\n  query MyInvitations {\n    myInvitations(status: PENDING, first: 50) {\n      edges { node { id email role sentAt expiresAt organization { slug name } invitedBy { username } } }\n    }\n  }\n":An,"\n  mutation AcceptInvitation($key: String!) { acceptInvitation(key: $key) { id role organization { slug } } }\n":Pn,"\n  mutation DeclineInvitation($key: String!) { declineInvitation(key: $key) { id } }\n":jn,"\n  mutation SignOut { signOut }\n":Mn,"\n  mutation ChangeMemberRole($m: ID!, $role: Role!) { changeMemberRole(membershipID: $m, role: $role) { id role } }\n":xn,"\n  mutation RemoveMember($m: ID!, $to: ID) { removeMember(membershipID: $m, reassignTo: $to) { membershipID reassignedTo projects tasks jobs } }\n":Un,"\n  mutation InviteMember($input: InviteMemberInput!) { inviteMember(input: $input) { id } }\n":Ln,"\n  mutation ResendInvitation($id: ID!) { resendInvitation(id: $id) { id } }\n":qn,"\n  mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id } }\n":Wn,"\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) { id slug }\n  }\n":Bn,"\n  query OrganizationSettings($slug: String!) {\n    organization(slug: $slug) {\n      id slug name description viewerRole\n      contact { email phone location }\n      owner { username }\n      viewerCan {\n        edit { allowed reason } remove { allowed reason } seeInvitations { allowed reason }\n        invite { allowed reason } inviteRoles leave { allowed reason } transferOwnership { allowed reason }\n        seeAuditLog { allowed reason }\n      }\n      members(first: 50) {\n        totalCount\n        edges { node {\n          id role joinedAt\n          user { id username email }\n          invitedBy { username }\n          invitation { sentAt }\n          viewerCan { changeRole { allowed reason } roles remove { allowed reason } }\n        } }\n      }\n      invitations(status: PENDING, first: 50) {\n        totalCount\n        edges { node { id email role sentAt expiresAt invitedBy { username } viewerCan { manage { allowed reason } } } }\n      }\n    }\n  }\n":Jn,"\n  mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {\n    updateOrganization(id: $id, input: $input) { id }\n  }\n":Hn,"\n  mutation LeaveOrganization($id: ID!, $to: ID) { leaveOrganization(organizationID: $id, reassignTo: $to) { membershipID } }\n":Fn,"\n  subscription OrganizationEvents($id: ID!) { organizationEvents(organizationID: $id) { type targetID } }\n":Vn,"\n  mutation TransferOwnership($org: ID!, $m: ID!) { transferOwnership(organizationID: $org, membershipID: $m) { id } }\n":Gn,"\n  query DeletionPreview($slug: String!) {\n    organization(slug: $slug) { deletionPreview { members invitations projects tasks jobs annotations cloudStorages } }\n  }\n":Kn,"\n  mutation DeleteOrganization($id: ID!, $slug: String!) { deleteOrganization(id: $id, confirmSlug: $slug) }\n":Yn,"\n  query Session {\n    me { id username email }\n    organizations(first: 100) { edges { node { id slug name viewerRole } } }\n  }\n":Zn,"\n  query Workspace($org: String, $slug: String!, $inOrg: Boolean!) {\n    organization(slug: $slug) @include(if: $inOrg) {\n      id slug name viewerRole\n      viewerCan { createProject { allowed reason } createTask { allowed reason } createJob { allowed reason } }\n      members(first: 50) { edges { node { user { id username } } } }\n    }\n    projects(organization: $org, first: 50) { totalCount edges { node { id name owner { username } assignee { username } } } }\n    tasks(organization: $org, first: 50) { totalCount edges { node { id name project { name } owner { username } assignee { username } } } }\n    jobs(organization: $org, first: 50) { totalCount edges { node { id stage state task { name } assignee { username } } } }\n  }\n":Qn,"\n  mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id } }\n":Xn,"\n  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id } }\n":et,"\n  mutation CreateJob($input: CreateJobInput!) { createJob(input: $input) { id } }\n":nt};function k(e){return tt[e]??{}}const ge=new Set;function M(e,n=!1){n?history.replaceState(null,"",e):history.pushState(null,"",e),ge.forEach(r=>r()),window.scrollTo(0,0)}window.addEventListener("popstate",()=>ge.forEach(e=>e()));function rt(){const[,e]=p(0);return N(()=>{const n=()=>e(r=>r+1);return ge.add(n),n(),()=>{ge.delete(n)}},[]),{path:location.pathname,query:new URLSearchParams(location.search)}}function le(e){return e?`/orgs/${encodeURIComponent(e)}/work`:"/work"}function Fe(e){return N(()=>M(e.to,!0),[e.to]),null}function P(e){return t("a",{href:e.href,class:e.class,onClick:n=>{n.ctrlKey||n.metaKey||n.shiftKey||n.button!==0||(n.preventDefault(),M(e.href))},children:e.children})}let it=0;function Ne(e){const n=me();return n.current||(n.current=`${e}-${++it}`),n.current}function S(e){const n=Ne("f"),r=[e.hint?`${n}-hint`:"",e.error?`${n}-err`:""].filter(Boolean).join(" ")||void 0,o={id:n,name:e.name,value:e.value,required:e.required,disabled:e.disabled,"aria-invalid":e.error?!0:void 0,"aria-describedby":r,onInput:a=>e.onInput(a.currentTarget.value)};return t("div",{class:"field",children:[t("label",{for:n,children:[e.label,e.required?t("span",{"aria-hidden":"true",children:" *"}):null]}),e.multiline?t("textarea",{rows:3,...o}):t("input",{type:e.type??"text",autocomplete:e.autocomplete,...o}),e.hint?t("p",{class:"hint",id:`${n}-hint`,children:e.hint}):null,e.error?t("p",{class:"error",id:`${n}-err`,children:e.error}):null]})}function O(e){if(!e.error)return null;const n=e.error instanceof Error?e.error.message:String(e.error);return t("p",{class:"error",role:"alert",children:n})}function F(e){return t("p",{class:"muted",role:"status",children:["Loading ",e.what,"…"]})}function H(e){return t("p",{class:"empty",children:e.children})}function U(e){return e.reason?t("p",{class:"reason",children:e.reason}):null}function fe(e,n){const[r,o]=p(null),[a,i]=p(null),[u,l]=p(0);N(()=>{let c=!0;return i(null),e().then(m=>c&&o(m),m=>c&&i(m)),()=>{c=!1}},[...n,u]);const d=Sn(()=>l(c=>c+1),[]);return{data:r,error:a,reload:d}}function R(){const[e,n]=p(!1),[r,o]=p(null),a=async u=>{n(!0),o(null);try{return await u(),!0}catch(l){return o(l),!1}finally{n(!1)}},i=r instanceof se?r.fieldErrors():{};return{busy:e,error:r,fields:i,run:a,setError:o}}function Y(e){const n=me(null),r=Ne("dlg");return N(()=>{const o=n.current;o&&(e.open&&!o.open&&o.showModal(),!e.open&&o.open&&o.close())},[e.open]),t("dialog",{ref:n,"aria-labelledby":r,onClose:e.onClose,onCancel:e.onClose,children:[t("h2",{id:r,children:e.title}),e.open?e.children:null]})}function j(e){return e?new Date(e).toLocaleString("en-GB",{dateStyle:"medium",timeStyle:"short",timeZone:"UTC"})+" UTC":"—"}const z={OWNER:"Owner",MAINTAINER:"Maintainer",SUPERVISOR:"Supervisor",WORKER:"Worker"},ot=k(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) { token }
  }
`),at=k(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { token }
  }
`);function gn(e){return e&&e.startsWith("/")&&!e.startsWith("//")?e:"/work"}function hn(e,n){return n?`${e}?next=${encodeURIComponent(n)}`:e}function st(e){const[n,r]=p(""),[o,a]=p(e.email??""),[i,u]=p(""),l=R();return t("main",{class:"narrow",children:[t("h1",{children:"Create your account"}),t("form",{onSubmit:c=>{c.preventDefault(),l.run(async()=>{const m=await I(ot,{input:{username:n,email:o,password:i}});pe(m.signUp.token),e.onSignedIn(),M(gn(e.next),!0)})},noValidate:!0,children:[t(S,{label:"Username",value:n,onInput:r,required:!0,autocomplete:"username",error:l.fields.username,hint:"Letters, digits and . @ + - _"}),t(S,{label:"Email",type:"email",value:o,onInput:a,required:!0,autocomplete:"email",error:l.fields.email}),t(S,{label:"Password",type:"password",value:i,onInput:u,required:!0,autocomplete:"new-password",error:l.fields.password,hint:"8 to 128 characters"}),l.error&&!l.fields.username&&!l.fields.email&&!l.fields.password?t(O,{error:l.error}):null,t("button",{type:"submit",class:"primary",disabled:l.busy,children:l.busy?"Creating…":"Sign up"})]}),t("p",{children:["Already have an account? ",t(P,{href:hn("/signin",e.next),children:"Sign in"})]})]})}function lt(e){const[n,r]=p(""),[o,a]=p(""),i=R();return t("main",{class:"narrow",children:[t("h1",{children:"Sign in to Orgraph"}),t("form",{onSubmit:l=>{l.preventDefault(),i.run(async()=>{const d=await I(at,{input:{login:n,password:o}});pe(d.signIn.token),e.onSignedIn(),M(gn(e.next),!0)})},noValidate:!0,children:[t(S,{label:"Username or email",value:n,onInput:r,required:!0,autocomplete:"username",error:i.fields.login}),t(S,{label:"Password",type:"password",value:o,onInput:a,required:!0,autocomplete:"current-password",error:i.fields.password}),i.error&&!i.fields.login&&!i.fields.password?t(O,{error:i.error}):null,t("button",{type:"submit",class:"primary",disabled:i.busy,children:i.busy?"Signing in…":"Sign in"})]}),t("p",{children:["New here? ",t(P,{href:hn("/signup",e.next),children:"Create an account"})]})]})}const X="orgraph.invitationKey",_n=k(`
  query MyInvitations {
    myInvitations(status: PENDING, first: 50) {
      edges { node { id email role sentAt expiresAt organization { slug name } invitedBy { username } } }
    }
  }
`),ct=k(`
  mutation AcceptInvitation($key: String!) { acceptInvitation(key: $key) { id role organization { slug } } }
`),ut=k(`
  mutation DeclineInvitation($key: String!) { declineInvitation(key: $key) { id } }
`);function dt(){const n=new URLSearchParams(location.search).get("key");return n&&(sessionStorage.setItem(X,n),history.replaceState(null,"","/invitations/accept")),sessionStorage.getItem(X)}function mt(e){const[n]=p(dt);if(!n)return t("main",{class:"narrow",children:[t("h1",{children:"Accept an invitation"}),t("p",{children:"This link has no invitation key. Use the link from your invitation email."})]});if(!e.signedIn){const r=encodeURIComponent("/invitations/accept");return t("main",{class:"narrow",children:[t("h1",{children:"You are invited to an organization"}),t("p",{children:"Sign in, or create an account, with the email address the invitation was sent to. You can then see who invites you and accept or decline."}),t("div",{class:"row",children:[t(P,{href:`/signup?next=${r}`,class:"button primary",children:"Create an account"}),t(P,{href:`/signin?next=${r}`,class:"button",children:"Sign in"})]})]})}return t(gt,{key_:n,me:e.me,onChanged:e.onChanged})}function gt(e){const n=fe(()=>I(_n),[]),r=R(),[o,a]=p(!1),i=(n.data?.myInvitations.edges??[]).flatMap(d=>d?.node?[d.node]:[]),u=()=>r.run(async()=>{const d=await I(ct,{key:e.key_});sessionStorage.removeItem(X),e.onChanged(),M(le(d.acceptInvitation.organization.slug))}),l=()=>r.run(async()=>{await I(ut,{key:e.key_}),sessionStorage.removeItem(X),a(!0)});return o?t("main",{class:"narrow",children:[t("h1",{children:"Invitation declined"}),t("p",{children:t(P,{href:"/work",children:"Go to your workspace"})})]}):t("main",{class:"narrow",children:[t("h1",{children:"Your invitation"}),n.error?t(O,{error:n.error}):n.data?i.length===0?t("p",{children:["No pending invitation is addressed to ",e.me?.email??"your email",". If the invitation went to another address, sign out and sign in with that one."]}):t("ul",{class:"cards","aria-label":"Invitations to you",children:i.map(d=>t("li",{class:"card",children:[t("strong",{children:d.organization?.name??"An organization"})," (",d.organization?.slug,") invites you as ",t("strong",{children:z[d.role]}),t("p",{class:"muted",children:["Sent by ",d.invitedBy?.username??"—"," on ",j(d.sentAt),"; expires ",j(d.expiresAt),"."]})]}))}):t(F,{what:"your invitations"}),t(O,{error:r.error}),t("div",{class:"row",children:[t("button",{type:"button",class:"primary",disabled:r.busy,onClick:u,children:"Accept invitation"}),t("button",{type:"button",disabled:r.busy,onClick:l,children:"Decline"})]})]})}function ht(e){const n=fe(()=>I(_n),[]),[r,o]=p(null);N(()=>o(sessionStorage.getItem(X)),[]);const a=(n.data?.myInvitations.edges??[]).flatMap(i=>i?.node?[i.node]:[]);return t("main",{children:[t("h1",{children:"My invitations"}),t("p",{class:"hint",children:"Accept or decline an invitation from the link in its email: the link carries the key that proves the mailbox is yours."}),r?t("p",{children:t(P,{href:"/invitations/accept",class:"button primary",children:"Answer the invitation of your link"})}):null,n.error?t(O,{error:n.error}):n.data?a.length===0?t(H,{children:"No pending invitations."}):t("ul",{class:"cards","aria-label":"Pending invitations to you",children:a.map(i=>t("li",{class:"card",children:[t("strong",{children:i.organization?.slug})," (",i.organization?.name,") as ",z[i.role],t("p",{class:"muted",children:["Sent to ",i.email," by ",i.invitedBy?.username??"—"," on ",j(i.sentAt),"; expires ",j(i.expiresAt),"."]})]}))}):t(F,{what:"your invitations"})]})}function Ve(e){const[n,r]=p(!1),o=Ne("menu"),a=me(null),i=me(null);N(()=>{if(!n)return;const c=h=>{a.current&&!a.current.contains(h.target)&&r(!1)},m=h=>{h.key==="Escape"&&(r(!1),i.current?.focus())};return document.addEventListener("click",c),document.addEventListener("keydown",m),a.current?.querySelector("a, button:not([aria-haspopup])")?.focus(),()=>{document.removeEventListener("click",c),document.removeEventListener("keydown",m)}},[n]);const u=c=>{r(!1),M(c)},l=(c,m,h=!1)=>t("li",{children:t("a",{href:m,"aria-current":h?"page":void 0,onClick:s=>{s.preventDefault(),u(m)},children:c})}),d=e.current??"Personal workspace";return t("header",{class:"top",children:[t(P,{href:le(e.current),class:"brand",children:"Orgraph"}),t("span",{class:"workspace","aria-label":"Current workspace",children:d}),t("div",{class:"usermenu",ref:a,children:[t("button",{ref:i,type:"button","aria-haspopup":"true","aria-expanded":n,"aria-controls":o,onClick:()=>r(!n),children:[e.session.me.username," ",t("span",{"aria-hidden":"true",children:"▾"})]}),t("nav",{id:o,hidden:!n,"aria-label":"User menu",class:"menu",children:[t("p",{class:"menuhead",children:"Workspace"}),t("ul",{children:[l("Personal workspace",le(null),e.current===null),e.orgs.map(c=>l(c.slug,le(c.slug),e.current===c.slug))]}),t("p",{class:"menuhead",children:"Organization"}),t("ul",{children:[l("Create","/orgs/new"),e.current?l("Settings",`/orgs/${encodeURIComponent(e.current)}/settings`):null]}),t("ul",{children:[l("My invitations","/invitations"),t("li",{children:t("a",{href:"/graphiql",children:"GraphiQL"})}),t("li",{children:t("button",{type:"button",class:"linklike",onClick:e.onSignOut,children:"Sign out"})})]})]})]})]})}const _t=k(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) { id slug }
  }
`),pt=["slug","name","description","contact.email","contact.phone","contact.location"];function ft(e){const[n,r]=p(""),[o,a]=p(""),[i,u]=p(""),[l,d]=p(""),[c,m]=p(""),[h,s]=p(""),g=R(),v=w=>{w.preventDefault(),g.run(async()=>{const _=await I(_t,{input:{slug:n,name:o,description:i,contact:{email:l,phone:c,location:h}}});e.onCreated(),M(`/orgs/${encodeURIComponent(_.createOrganization.slug)}/settings`)})},b=g.error&&!pt.some(w=>g.fields[w]);return t("main",{class:"narrow",children:[t("h1",{children:"Create an organization"}),t("form",{onSubmit:v,noValidate:!0,children:[t(S,{label:"Short name",value:n,onInput:r,required:!0,error:g.fields.slug,hint:"1 to 16 letters, digits, - or _; it names the workspace"}),t(S,{label:"Full name",value:o,onInput:a,error:g.fields.name,hint:"Up to 64 characters; the short name if empty"}),t(S,{label:"Description",value:i,onInput:u,multiline:!0,error:g.fields.description}),t("fieldset",{children:[t("legend",{children:"Contacts"}),t(S,{label:"Email",type:"email",value:l,onInput:d,error:g.fields["contact.email"]}),t(S,{label:"Phone number",type:"tel",value:c,onInput:m,error:g.fields["contact.phone"],hint:"+, digits, spaces and dashes"}),t(S,{label:"Location",value:h,onInput:s,error:g.fields["contact.location"]})]}),b?t(O,{error:g.error}):null,t("button",{type:"submit",class:"primary",disabled:g.busy,children:g.busy?"Creating…":"Create organization"})]})]})}const vt=k(`
  query AuditLog($slug: String!, $after: Cursor) {
    organization(slug: $slug) {
      auditLog(first: 20, after: $after) {
        edges { node { id action actorName targetType targetID before after createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`),bt={ORGANIZATION_CREATED:"created the organization",ORGANIZATION_UPDATED:"changed the settings",ORGANIZATION_REMOVED:"removed the organization",OWNERSHIP_TRANSFERRED:"transferred ownership",MEMBER_JOINED:"joined",MEMBER_LEFT:"left",MEMBER_REMOVED:"removed a member",ROLE_CHANGED:"changed a role",INVITATION_SENT:"sent an invitation",INVITATION_RESENT:"resent an invitation",INVITATION_ACCEPTED:"accepted an invitation",INVITATION_DECLINED:"declined an invitation",INVITATION_REVOKED:"revoked an invitation"};function yt(e,n){const r=e??{},o=n??{},a=u=>u==null?"—":typeof u=="string"?z[u]??u:JSON.stringify(u);return[...new Set([...Object.keys(r),...Object.keys(o)])].filter(u=>JSON.stringify(r[u])!==JSON.stringify(o[u])||!e||!n).map(u=>e&&n?`${u}: ${a(r[u])} → ${a(o[u])}`:`${u}: ${a(e?r[u]:o[u])}`).join("; ")}function wt(e){const[n,r]=p([]),[o,a]=p(null),[i,u]=p(!1),l=R(),d=c=>l.run(async()=>{const h=(await I(vt,{slug:e.slug,after:c})).organization?.auditLog,s=(h?.edges??[]).flatMap(g=>g?.node?[g.node]:[]);r(g=>c?[...g,...s]:s),a(h?.pageInfo.hasNextPage?h.pageInfo.endCursor??null:null),u(!0)});return N(()=>{e.allowed&&d(null)},[e.slug,e.allowed,e.tick]),e.allowed?t("section",{"aria-labelledby":"audit-h",children:[t("h2",{id:"audit-h",children:"Audit log"}),t(U,{reason:e.reason}),t(O,{error:l.error}),i&&n.length===0?t(H,{children:"Nothing has been recorded yet."}):null,t("table",{class:"audit","aria-label":"Audit log",children:[t("thead",{children:t("tr",{children:[t("th",{scope:"col",children:"When"}),t("th",{scope:"col",children:"Who"}),t("th",{scope:"col",children:"What"}),t("th",{scope:"col",children:"Target"}),t("th",{scope:"col",children:"Change"})]})}),t("tbody",{children:n.map(c=>t("tr",{"data-action":c.action,children:[t("td",{children:j(c.createdAt)}),t("td",{children:c.actorName||"—"}),t("td",{children:bt[c.action]??c.action}),t("td",{children:c.targetType}),t("td",{children:yt(c.before,c.after)})]}))})]}),o?t("button",{type:"button",disabled:l.busy,onClick:()=>d(o),children:l.busy?"Loading…":"Load more"}):null]}):null}function It(e,n,r){let o=null,a=!1,i=1e3,u;const l=()=>{const d=`${location.protocol==="https:"?"wss:":"ws:"}//${location.host}/query`,c=new WebSocket(d,"graphql-transport-ws");o=c,c.onopen=()=>{const m=De();c.send(JSON.stringify({type:"connection_init",payload:m?{Authorization:`Bearer ${m}`}:{}}))},c.onmessage=m=>{let h;try{h=JSON.parse(String(m.data))}catch{return}h.type==="connection_ack"?(i=1e3,c.send(JSON.stringify({id:"1",type:"subscribe",payload:{query:e.toString(),variables:n}}))):h.type==="ping"?c.send(JSON.stringify({type:"pong"})):h.type==="next"&&h.payload?.data?r(h.payload.data):(h.type==="error"||h.type==="complete")&&(a=!0,c.close())},c.onclose=()=>{a||(u=setTimeout(l,i),i=Math.min(i*2,3e4))}};return l(),()=>{a=!0,clearTimeout(u),o&&o.readyState<=WebSocket.OPEN&&(o.readyState===WebSocket.OPEN&&o.send(JSON.stringify({id:"1",type:"complete"})),o.close())}}const $t=k(`
  mutation ChangeMemberRole($m: ID!, $role: Role!) { changeMemberRole(membershipID: $m, role: $role) { id role } }
`),kt=k(`
  mutation RemoveMember($m: ID!, $to: ID) { removeMember(membershipID: $m, reassignTo: $to) { membershipID reassignedTo projects tasks jobs } }
`),Ct=k(`
  mutation InviteMember($input: InviteMemberInput!) { inviteMember(input: $input) { id } }
`),Dt=k(`
  mutation ResendInvitation($id: ID!) { resendInvitation(id: $id) { id } }
`),St=k(`
  mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id } }
`);function Ot(e){const n=(e.org.members.edges??[]).flatMap(d=>d?.node?[d.node]:[]),r=R(),o=d=>r.run(d).then(c=>c&&e.onChanged()),[a,i]=p(null),[u,l]=p(null);return t("section",{"aria-labelledby":"members-h",children:[t("h2",{id:"members-h",children:["Members (",e.org.members.totalCount,")"]}),t(O,{error:r.error}),u?t(Rt,{...u}):null,t("ul",{class:"cards","aria-label":"Members",children:n.map(d=>t("li",{class:"card","data-member":d.user.username,children:[t("div",{children:[t("strong",{children:d.user.username}),d.user.id===e.me.id?t("span",{class:"muted",children:" (you)"}):null,d.user.email?t("span",{class:"muted",children:[" · ",d.user.email]}):null]}),t("dl",{class:"facts",children:[t("dt",{children:"Role"}),t("dd",{children:z[d.role]}),t("dt",{children:"Invited by"}),t("dd",{children:d.invitedBy?.username??"—"}),t("dt",{children:"Invited"}),t("dd",{children:d.invitation?j(d.invitation.sentAt):"—"}),t("dt",{children:"Joined"}),t("dd",{children:j(d.joinedAt)})]}),t("div",{class:"row",children:[d.viewerCan.changeRole.allowed?t("label",{children:["Change role"," ",t("select",{"aria-label":`Role of ${d.user.username}`,value:d.role,disabled:r.busy,onChange:c=>o(()=>I($t,{m:d.id,role:c.currentTarget.value})),children:[t("option",{value:d.role,children:z[d.role]}),d.viewerCan.roles.map(c=>t("option",{value:c,children:z[c]}))]})]}):null,d.viewerCan.remove.allowed?t("button",{type:"button",class:"destructive",disabled:r.busy,onClick:()=>i(d),children:["Remove ",d.user.username]}):null]})]}))}),t(zt,{org:e.org,member:a,others:n.filter(d=>d.id!==a?.id),onClose:()=>i(null),onRemoved:(d,c,m)=>{i(null),l({name:d,to:c,d:m}),e.onChanged()}})]})}function pn(e){return t("div",{class:"field",children:[t("label",{for:e.id,children:"Reassign their work to"}),t("select",{id:e.id,value:e.value,onChange:n=>e.onChange(n.currentTarget.value),children:[t("option",{value:"",children:"Nobody: clear the assignments"}),e.members.map(n=>t("option",{value:n.id,children:[n.user.username," (",z[n.role],")"]}))]})]})}function zt(e){const[n,r]=p(""),o=R(),a=e.member,i=()=>{r(""),o.setError(null),e.onClose()},u=l=>{if(l.preventDefault(),!a)return;const d=e.others.find(c=>c.id===n)?.user.username??"";o.run(async()=>{const c=await I(kt,{m:a.id,to:n||null});r(""),e.onRemoved(a.user.username,d,c.removeMember)})};return t(Y,{title:`Remove ${a?.user.username??""} from ${e.org.slug}?`,open:!!a,onClose:i,children:t("form",{onSubmit:u,children:[t("p",{children:"They lose access to its work. Their assigned projects, tasks and jobs are handed over or left unassigned."}),t(pn,{id:"remove-to",members:e.others,value:n,onChange:r}),t(O,{error:o.error}),t("div",{class:"row",children:[t("button",{type:"submit",class:"destructive",disabled:o.busy,children:["Remove ",a?.user.username]}),t("button",{type:"button",onClick:i,children:"Cancel"})]})]})})}function Rt(e){const{d:n}=e,r=(o,a)=>`${o} ${a}${o===1?"":"s"}`;return t("p",{role:"status",class:"departure",children:["Removed ",e.name,". ",e.to?`Moved to ${e.to}`:"Unassigned",": ",r(n.projects.length,"project"),", ",r(n.tasks.length,"task"),", ",r(n.jobs.length,"job"),"."]})}function Tt(e){const n=e.org.viewerCan,[r,o]=p(!1),a=R(),i=(e.org.invitations.edges??[]).flatMap(l=>l?.node?[l.node]:[]),u=l=>a.run(l).then(d=>d&&e.onChanged());return t("section",{"aria-labelledby":"inv-h",children:[t("h2",{id:"inv-h",children:"Pending invitations"}),t("div",{class:"row",children:[t("button",{type:"button",class:"primary",disabled:!n?.invite.allowed,onClick:()=>o(!0),children:"Invite members"}),t(U,{reason:n?.invite.reason})]}),n?.seeInvitations.allowed?i.length===0?t(H,{children:"No pending invitations."}):t("ul",{class:"cards","aria-label":"Pending invitations",children:i.map(l=>t("li",{class:"card","data-invitation":l.email,children:[t("strong",{children:l.email})," as ",z[l.role],t("p",{class:"muted",children:["Sent by ",l.invitedBy?.username??"—"," on ",j(l.sentAt),", expires ",j(l.expiresAt)]}),l.viewerCan.manage.allowed?t("div",{class:"row",children:[t("button",{type:"button",disabled:a.busy,onClick:()=>u(()=>I(Dt,{id:l.id})),children:["Resend to ",l.email]}),t("button",{type:"button",class:"destructive",disabled:a.busy,onClick:()=>u(()=>I(St,{id:l.id})),children:["Revoke ",l.email]})]}):t(U,{reason:l.viewerCan.manage.reason})]}))}):t(U,{reason:n?.seeInvitations.reason}),t(O,{error:a.error}),t(Nt,{org:e.org,open:r,onClose:()=>o(!1),onInvited:e.onChanged})]})}function Nt(e){const n=e.org.viewerCan?.inviteRoles??[],[r,o]=p(""),[a,i]=p("WORKER"),[u,l]=p([]),d=R(),c=m=>{m.preventDefault();const h=r.split(/[\s,;]+/).filter(Boolean);d.run(async()=>{if(h.length===0)throw new Error("Enter at least one email address.");const s=[];for(const g of h)try{await I(Ct,{input:{organizationID:e.org.id,email:g,role:a}}),s.push({email:g})}catch(v){s.push({email:g,error:v.message})}l(s),e.onInvited(),s.every(g=>!g.error)&&(o(""),e.onClose())})};return t(Y,{title:"Invite members",open:e.open,onClose:e.onClose,children:t("form",{onSubmit:c,noValidate:!0,children:[t(S,{label:"Email addresses",value:r,onInput:o,multiline:!0,hint:"One or several, separated by commas, spaces or new lines"}),t("div",{class:"field",children:[t("label",{for:"invite-role",children:"Role"}),t("select",{id:"invite-role",value:a,onChange:m=>i(m.currentTarget.value),children:n.map(m=>t("option",{value:m,children:z[m]}))})]}),u.some(m=>m.error)?t("ul",{class:"error",role:"alert",children:u.map(m=>t("li",{children:[m.email,": ",m.error??"invited"]}))}):null,t(O,{error:d.error}),t("div",{class:"row",children:[t("button",{type:"submit",class:"primary",disabled:d.busy,children:d.busy?"Inviting…":"Invite"}),t("button",{type:"button",onClick:e.onClose,children:"Cancel"})]})]})})}const Et=k(`
  query OrganizationSettings($slug: String!) {
    organization(slug: $slug) {
      id slug name description viewerRole
      contact { email phone location }
      owner { username }
      viewerCan {
        edit { allowed reason } remove { allowed reason } seeInvitations { allowed reason }
        invite { allowed reason } inviteRoles leave { allowed reason } transferOwnership { allowed reason }
        seeAuditLog { allowed reason }
      }
      members(first: 50) {
        totalCount
        edges { node {
          id role joinedAt
          user { id username email }
          invitedBy { username }
          invitation { sentAt }
          viewerCan { changeRole { allowed reason } roles remove { allowed reason } }
        } }
      }
      invitations(status: PENDING, first: 50) {
        totalCount
        edges { node { id email role sentAt expiresAt invitedBy { username } viewerCan { manage { allowed reason } } } }
      }
    }
  }
`),At=k(`
  mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {
    updateOrganization(id: $id, input: $input) { id }
  }
`),Pt=k(`
  mutation LeaveOrganization($id: ID!, $to: ID) { leaveOrganization(organizationID: $id, reassignTo: $to) { membershipID } }
`),jt=k(`
  subscription OrganizationEvents($id: ID!) { organizationEvents(organizationID: $id) { type targetID } }
`),Mt=k(`
  mutation TransferOwnership($org: ID!, $m: ID!) { transferOwnership(organizationID: $org, membershipID: $m) { id } }
`),xt=k(`
  query DeletionPreview($slug: String!) {
    organization(slug: $slug) { deletionPreview { members invitations projects tasks jobs annotations cloudStorages } }
  }
`),Ut=k(`
  mutation DeleteOrganization($id: ID!, $slug: String!) { deleteOrganization(id: $id, confirmSlug: $slug) }
`);function Lt(e){const n=fe(()=>I(Et,{slug:e.slug}),[e.slug]),[r,o]=p(0),a=n.data?.organization?.id;if(N(()=>{if(a)return It(jt,{id:a},()=>{n.reload(),o(l=>l+1)})},[a]),n.error)return t("main",{children:[t("h1",{children:"Organization settings"}),t(O,{error:n.error})]});const i=n.data?.organization;if(!i)return t("main",{children:t(F,{what:"the organization"})});const u=()=>{n.reload(),e.onChanged()};return t("main",{children:[t("h1",{children:[i.name," ",t("span",{class:"muted",children:["(",i.slug,")"]})]}),t("p",{children:["Your role: ",t("strong",{children:i.viewerRole?z[i.viewerRole]:"not a member"}),". Owner: ",i.owner?.username,"."]}),t(qt,{org:i,onSaved:u}),t(Ot,{org:i,me:e.me,onChanged:u}),t(Tt,{org:i,onChanged:u}),t(wt,{slug:i.slug,allowed:!!i.viewerCan?.seeAuditLog.allowed,tick:r}),t(Wt,{org:i,me:e.me,onChanged:u})]})}function qt(e){const{org:n}=e,r=n.viewerCan?.edit,[o,a]=p(n.name),[i,u]=p(n.description??""),[l,d]=p(n.contact?.email??""),[c,m]=p(n.contact?.phone??""),[h,s]=p(n.contact?.location??""),[g,v]=p(!1),b=R(),w=f=>{f.preventDefault(),v(!1),b.run(async()=>{await I(At,{id:n.id,input:{name:o,description:i,contact:{email:l,phone:c,location:h}}}),v(!0),e.onSaved()}).then(()=>{})},_=!r?.allowed;return t("section",{"aria-labelledby":"details-h",children:[t("h2",{id:"details-h",children:"Details and contacts"}),t(U,{reason:r?.reason}),t("form",{onSubmit:w,noValidate:!0,children:[t(S,{label:"Full name",value:o,onInput:a,disabled:_,error:b.fields.name}),t(S,{label:"Description",value:i,onInput:u,multiline:!0,disabled:_,error:b.fields.description}),t(S,{label:"Contact email",type:"email",value:l,onInput:d,disabled:_,error:b.fields["contact.email"]}),t(S,{label:"Phone number",type:"tel",value:c,onInput:m,disabled:_,error:b.fields["contact.phone"]}),t(S,{label:"Location",value:h,onInput:s,disabled:_,error:b.fields["contact.location"]}),b.error&&!Object.keys(b.fields).some(f=>f)?t(O,{error:b.error}):null,_?null:t("button",{type:"submit",disabled:b.busy,children:b.busy?"Saving…":"Save details"}),g?t("p",{role:"status",children:"Saved."}):null]})]})}function Wt(e){const{org:n}=e,r=n.viewerCan,[o,a]=p(""),[i,u]=p(""),[l,d]=p(""),[c,m]=p(""),[h,s]=p(null),g=R(),v=(n.members.edges??[]).flatMap(_=>_?.node&&_.node.user.id!==e.me.id?[_.node]:[]);N(()=>{o==="remove"&&(s(null),I(xt,{slug:n.slug}).then(_=>{const f=_.organization?.deletionPreview;if(f){const{__typename:T,...L}=f;s(L)}},_=>g.setError(_)))},[o]);const b=()=>{a(""),m(""),g.setError(null)},w=()=>{b(),e.onChanged(),M("/work")};return t("section",{"aria-labelledby":"danger-h",class:"danger",children:[t("h2",{id:"danger-h",children:"Leave, transfer, remove"}),t("div",{class:"row",children:[t("button",{type:"button",disabled:!r?.leave.allowed,onClick:()=>a("leave"),children:"Leave organization"}),t(U,{reason:r?.leave.reason})]}),r?.transferOwnership.allowed?t("div",{class:"row",children:t("button",{type:"button",onClick:()=>a("transfer"),children:"Transfer ownership"})}):null,r?.remove.allowed?t("div",{class:"row",children:t("button",{type:"button",class:"destructive",onClick:()=>a("remove"),children:"Remove organization"})}):t(U,{reason:r?.remove.reason}),t(Y,{title:`Leave ${n.slug}?`,open:o==="leave",onClose:b,children:[t("p",{children:"You lose access to its work. Someone must invite you again to come back."}),t(pn,{id:"leave-to",members:v,value:l,onChange:d}),t(O,{error:g.error}),t("div",{class:"row",children:[t("button",{type:"button",class:"destructive",disabled:g.busy,onClick:()=>g.run(()=>I(Pt,{id:n.id,to:l||null})).then(_=>_&&w()),children:"Leave"}),t("button",{type:"button",onClick:b,children:"Cancel"})]})]}),t(Y,{title:"Transfer ownership",open:o==="transfer",onClose:b,children:t("form",{onSubmit:_=>{_.preventDefault(),g.run(()=>I(Mt,{org:n.id,m:i})).then(f=>{f&&(b(),e.onChanged())})},children:[t("div",{class:"field",children:[t("label",{for:"transfer-to",children:"New owner"}),t("select",{id:"transfer-to",value:i,onChange:_=>u(_.currentTarget.value),required:!0,children:[t("option",{value:"",children:"Choose a member"}),v.map(_=>t("option",{value:_.id,children:[_.user.username," (",z[_.role],")"]}))]})]}),t("p",{children:"You become a maintainer."}),t(O,{error:g.error}),t("div",{class:"row",children:[t("button",{type:"submit",class:"primary",disabled:g.busy||!i,children:"Transfer"}),t("button",{type:"button",onClick:b,children:"Cancel"})]})]})}),t(Y,{title:`Remove ${n.slug}?`,open:o==="remove",onClose:b,children:[h?t(W,{children:[t("p",{children:"This deletes the organization and everything in it, for good:"}),t("ul",{class:"preview","aria-label":"What will be deleted",children:Object.entries(h).map(([_,f])=>t("li",{children:[t("strong",{children:f})," ",Bt[_]??_]}))})]}):g.error?null:t(F,{what:"what will be deleted"}),t("form",{onSubmit:_=>{_.preventDefault(),g.run(()=>I(Ut,{id:n.id,slug:c})).then(f=>f&&w())},children:[t(S,{label:`Type the short name (${n.slug}) to confirm`,value:c,onInput:m,error:g.fields.confirmSlug}),g.error&&!g.fields.confirmSlug?t(O,{error:g.error}):null,t("div",{class:"row",children:[t("button",{type:"submit",class:"destructive",disabled:g.busy||c!==n.slug,children:"Remove organization"}),t("button",{type:"button",onClick:b,children:"Cancel"})]})]})]})]})}const Bt={members:"members",invitations:"invitations",projects:"projects",tasks:"tasks",jobs:"jobs",annotations:"annotations",cloudStorages:"cloud storages"},Jt=k(`
  query Session {
    me { id username email }
    organizations(first: 100) { edges { node { id slug name viewerRole } } }
  }
`);async function Ht(){return I(Jt)}function Ge(e){return(e?.organizations.edges??[]).flatMap(n=>n?.node?[n.node]:[])}const Ft=k(`
  query Workspace($org: String, $slug: String!, $inOrg: Boolean!) {
    organization(slug: $slug) @include(if: $inOrg) {
      id slug name viewerRole
      viewerCan { createProject { allowed reason } createTask { allowed reason } createJob { allowed reason } }
      members(first: 50) { edges { node { user { id username } } } }
    }
    projects(organization: $org, first: 50) { totalCount edges { node { id name owner { username } assignee { username } } } }
    tasks(organization: $org, first: 50) { totalCount edges { node { id name project { name } owner { username } assignee { username } } } }
    jobs(organization: $org, first: 50) { totalCount edges { node { id stage state task { name } assignee { username } } } }
  }
`),Vt=k(`
  mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id } }
`),Gt=k(`
  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id } }
`),Kt=k(`
  mutation CreateJob($input: CreateJobInput!) { createJob(input: $input) { id } }
`),te=e=>(e.edges??[]).flatMap(n=>n?.node?[n.node]:[]);function Ke(e){const n={org:e.slug,slug:e.slug??"",inOrg:e.slug!==null},r=fe(()=>I(Ft,n),[e.slug]),o=e.slug?`Work in ${e.slug}`:"Personal workspace";if(r.error)return t("main",{children:[t("h1",{children:o}),t(O,{error:r.error})]});if(!r.data)return t("main",{children:[t("h1",{children:o}),t(F,{what:"the work"})]});const a=r.data,i=a.organization??null,u={allowed:!0},l=i?.viewerCan??{createProject:u,createTask:u,createJob:u},d=i?te(i.members).map(s=>s.user):[e.me],c=te(a.projects),m=te(a.tasks),h=te(a.jobs);return t("main",{children:[t("h1",{children:o}),i?t("p",{children:["Your role: ",t("strong",{children:i.viewerRole?z[i.viewerRole]:"—"}),". ",t(P,{href:`/orgs/${encodeURIComponent(i.slug)}/settings`,children:"Organization settings"})]}):t("p",{class:"hint",children:"Work here is yours alone."}),t("div",{class:"columns",children:[t("section",{"aria-labelledby":"projects-h",children:[t("h2",{id:"projects-h",children:["Projects (",a.projects.totalCount,")"]}),c.length?t("ul",{class:"cards","aria-label":"Projects",children:c.map(s=>t("li",{class:"card",children:[t("strong",{children:s.name}),t("p",{class:"muted",children:["owner ",s.owner?.username??"—",", assignee ",s.assignee?.username??"none"]})]}))}):t(H,{children:"No projects you can see."}),t(we,{kind:"project",perm:l.createProject,people:d,orgID:i?.id??null,onDone:r.reload})]}),t("section",{"aria-labelledby":"tasks-h",children:[t("h2",{id:"tasks-h",children:["Tasks (",a.tasks.totalCount,")"]}),m.length?t("ul",{class:"cards","aria-label":"Tasks",children:m.map(s=>t("li",{class:"card","data-task":s.name,children:[t("strong",{children:s.name}),t("p",{class:"muted",children:["project ",s.project?.name??"—",", owner ",s.owner?.username??"—",", assignee ",s.assignee?.username??"none"]})]}))}):t(H,{children:"No tasks you can see."}),t(we,{kind:"task",perm:l.createTask,people:d,orgID:i?.id??null,parents:c,onDone:r.reload})]}),t("section",{"aria-labelledby":"jobs-h",children:[t("h2",{id:"jobs-h",children:["Jobs (",a.jobs.totalCount,")"]}),h.length?t("ul",{class:"cards","aria-label":"Jobs",children:h.map(s=>t("li",{class:"card",children:[t("strong",{children:["Job of ",s.task?.name??"a task"]}),t("p",{class:"muted",children:[s.stage," · ",s.state," · assignee ",s.assignee?.username??"none"]})]}))}):t(H,{children:"No jobs you can see."}),t(we,{kind:"job",perm:l.createJob,people:d,orgID:i?.id??null,parents:m,onDone:r.reload})]})]})]})}function we(e){const[n,r]=p(""),[o,a]=p(""),[i,u]=p(""),l=R(),{kind:d}=e;if(!e.perm.allowed)return t(U,{reason:e.perm.reason});const c=h=>{h.preventDefault();const s=i||null;l.run(async()=>{d==="project"?await I(Vt,{input:{name:n,organizationID:e.orgID,assigneeID:s}}):d==="task"?await I(Gt,{input:{name:n,organizationID:o?null:e.orgID,projectID:o||null,assigneeID:s}}):await I(Kt,{input:{taskID:o,assigneeID:s}}),r(""),u(""),e.onDone()})},m=`new-${d}`;return t("form",{class:"create",onSubmit:c,noValidate:!0,"aria-label":`New ${d}`,children:[t("h3",{children:["New ",d]}),d!=="job"?t(S,{label:`${d==="task"?"Task":"Project"} name`,value:n,onInput:r,required:!0,error:l.fields.name}):null,e.parents?t("div",{class:"field",children:[t("label",{for:`${m}-parent`,children:d==="task"?"Project":"Task"}),t("select",{id:`${m}-parent`,value:o,onChange:h=>a(h.currentTarget.value),children:[t("option",{value:"",children:d==="task"?"No project":"Choose a task"}),e.parents.map(h=>t("option",{value:h.id,children:h.name}))]})]}):null,t("div",{class:"field",children:[t("label",{for:`${m}-assignee`,children:"Assignee"}),t("select",{id:`${m}-assignee`,value:i,onChange:h=>u(h.currentTarget.value),children:[t("option",{value:"",children:"Nobody"}),e.people.map(h=>t("option",{value:h.id,children:h.username}))]})]}),t(O,{error:l.error&&!l.fields.name?l.error:null}),t("button",{type:"submit",disabled:l.busy||d==="job"&&!o,children:["Create ",d]})]})}const Yt=k(`
  mutation SignOut { signOut }
`),Zt=new Set(["/signin","/signup","/invitations/accept"]);function Qt(){const e=rt(),[n,r]=p(null),[o,a]=p(null),[i,u]=p(De()!==null),l=()=>{De()&&Ht().then(r,a)};N(()=>{Rn(()=>{u(!1),r(null)}),l()},[]);const d=()=>{u(!0),l()},c=async()=>{try{await I(Yt)}catch{}pe(null),u(!1),r(null),M("/signin")},{path:m,query:h}=e;if(N(()=>{document.title="Orgraph"},[m]),m==="/invitations/accept")return t(W,{children:[n?t(Ve,{session:n,orgs:Ge(n),current:null,onSignOut:c}):null,t(mt,{signedIn:i,me:n?.me??null,onChanged:l,onSignedIn:d})]});if(!i){const b=h.get("next");return m==="/signup"?t(st,{next:b,email:h.get("email")??void 0,onSignedIn:d}):Zt.has(m)?t(lt,{next:b,onSignedIn:d}):t(Fe,{to:m==="/"?"/signin":`/signin?next=${encodeURIComponent(m+location.search)}`})}if(m==="/signin"||m==="/signup"||m==="/")return t(Fe,{to:h.get("next")??"/work"});if(o)return t(O,{error:o});if(!n)return t(F,{what:"your account"});const s=/^\/orgs\/([^/]+)\/(work|settings)$/.exec(m),g=s?decodeURIComponent(s[1]):null;let v;return m==="/work"?v=t(Ke,{slug:null,me:n.me},"personal"):s?.[2]==="work"?v=t(Ke,{slug:g,me:n.me},g):s?.[2]==="settings"?v=t(Lt,{slug:g,me:n.me,onChanged:l},g):m==="/orgs/new"?v=t(ft,{onCreated:l}):m==="/invitations"?v=t(ht,{onChanged:l}):v=t("main",{children:[t("h1",{children:"Page not found"}),t("p",{children:t(P,{href:"/work",children:"Go to your personal workspace"})})]}),t(W,{children:[t("a",{class:"skip",href:"#main",children:"Skip to content"}),t(Ve,{session:n,orgs:Ge(n),current:g,onSignOut:c}),t("div",{id:"main",tabIndex:-1,children:v})]})}kn(t(Qt,{}),document.getElementById("app"));
